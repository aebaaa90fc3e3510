import { readFileSync } from 'node:fs';

export interface MemorySample {
  rows: number;
  rssMb: number;
  heapUsedMb: number;
}

export interface MemorySummary {
  /** The process's peak resident set (VmHWM), or the largest sample where /proc is not available. */
  peakRssMb: number;
  /** RSS and heap at regular points of the input, at most ~64 of them. */
  samples: MemorySample[];
}

const mb = (bytes: number) => Math.round(bytes / 1_048_576);

/** The kernel's high-water mark of this process's resident set, in MB (Linux). */
export function peakRssMb(): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Samples RSS and heap every `every` rows, doubling the step whenever 64 samples are held (so the samples stay
 * evenly spread over an input of any length, in bounded memory): whether memory grows with the input.
 */
export class MemorySampler {
  readonly #samples: MemorySample[] = [];
  #every: number;
  #next: number;

  constructor(every = 1000) {
    this.#every = every;
    this.#next = every;
  }

  tick(rows: number): void {
    if (rows < this.#next) return;
    this.#next += this.#every;
    this.#samples.push(this.#sample(rows));
    if (this.#samples.length < 64) return;
    for (let index = this.#samples.length - 1; index >= 0; index -= 1)
      if (index % 2 === 0) this.#samples.splice(index, 1);
    this.#every *= 2;
    this.#next = (this.#samples.at(-1)?.rows ?? 0) + this.#every;
  }

  summary(rows: number): MemorySummary {
    const samples = [...this.#samples, this.#sample(rows)];
    return { peakRssMb: peakRssMb() ?? Math.max(...samples.map((sample) => sample.rssMb)), samples };
  }

  #sample(rows: number): MemorySample {
    return { rows, rssMb: mb(process.memoryUsage.rss()), heapUsedMb: mb(process.memoryUsage().heapUsed) };
  }
}
