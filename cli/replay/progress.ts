import { toIso } from '../../core/time.ts';
import type { ReplayStats } from './replay-stats.ts';
import type { SourceProgress } from './sources.ts';

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

/** One progress line on stderr: bar by bytes read, events/s, customers, elapsed, virtual time. */
export class Progress {
  readonly #source: SourceProgress;
  readonly #stats: ReplayStats;
  readonly #virtualNow: () => number;
  readonly #started = performance.now();
  readonly #tty = process.stderr.isTTY;
  #phase = 'ingest';
  #lastPrint = 0;

  constructor(source: SourceProgress, stats: ReplayStats, virtualNow: () => number) {
    this.#source = source;
    this.#stats = stats;
    this.#virtualNow = virtualNow;
  }

  phase(name: string): void {
    this.#print(true);
    this.#phase = name;
  }

  tick(): void {
    const now = performance.now();
    if (now - this.#lastPrint < (this.#tty ? 200 : 5000)) return;
    this.#lastPrint = now;
    this.#print(false);
  }

  done(): void {
    this.#print(true);
    if (this.#tty) process.stderr.write('\n');
  }

  #print(force: boolean): void {
    if (!force && this.#lastPrint === 0) return;
    const elapsed = (performance.now() - this.#started) / 1000;
    const share = this.#source.totalBytes ? Math.min(1, this.#source.bytesRead / this.#source.totalBytes) : 0;
    const bar = `${'█'.repeat(Math.round(share * 24)).padEnd(24, '░')}`;
    const events = this.#stats.rows + this.#stats.syntheticEvents;
    const line =
      `${this.#phase.padEnd(6)} ${bar} ${String(Math.round(share * 100)).padStart(3)}% ` +
      `${this.#stats.rows.toLocaleString('en-US')} rows · ${Math.round(events / Math.max(elapsed, 0.001))} events/s · ` +
      `${this.#stats.customers.size.toLocaleString('en-US')} customers · ${clock(elapsed)} · virtual ${toIso(this.#virtualNow()).slice(0, 16)}`;
    process.stderr.write(this.#tty ? `\r${line}` : `${line}\n`);
  }
}
