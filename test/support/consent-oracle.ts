import type { Channel, ConsentPurpose } from '../../core/events/schemas.ts';
import { CHANNELS } from '../../core/events/schemas.ts';
import { toMs } from '../../core/time.ts';

/** One consent change the engine applied, as the customer gave it. */
export interface ConsentChangeSeen {
  channel: Channel | 'all';
  purpose: ConsentPurpose;
  granted: boolean;
  /** Event time, epoch ms. */
  at: number;
}

/**
 * A reference model of consent, written from decision 0005 and DESIGN.md §11 rather than from the engine's code:
 * - a withdrawal takes effect when it is received, whatever its date;
 * - a grant counts only if it occurred after every change to the same channel and purpose received before it;
 * - an erasure forgets everything, and changes that occurred at or before the erasure never count again.
 * Consent holds when some grant counts and no withdrawal was received after it.
 */
export class ConsentOracle {
  #changes: ConsentChangeSeen[] = [];
  #erasedAt: number | undefined;

  /** A consent change the engine applied (outcome `applied`), in the order it was received. */
  received(change: ConsentChangeSeen): void {
    if (this.#erasedAt !== undefined && change.at <= this.#erasedAt) return;
    this.#changes.push(change);
  }

  /** An erasure (request or scheduled) the engine carried out, at the tombstone's time. */
  erased(erasedAt: string): void {
    this.#changes = [];
    const at = toMs(erasedAt);
    this.#erasedAt = this.#erasedAt === undefined ? at : Math.max(this.#erasedAt, at);
  }

  /** When the grant that makes consent hold occurred (the latest such), or undefined when consent does not hold. */
  grantedAt(channel: Channel, purpose: ConsentPurpose): number | undefined {
    const relevant = this.#changes.filter(
      (change) => change.purpose === purpose && (change.channel === channel || change.channel === 'all'),
    );
    let grantedAt: number | undefined;
    relevant.forEach((change, index) => {
      if (!change.granted) return;
      const earlier = relevant.slice(0, index);
      const later = relevant.slice(index + 1);
      const countsNow = earlier.every((before) => before.at < change.at);
      const notWithdrawnSince = later.every((after) => after.granted);
      if (countsNow && notWithdrawnSince) grantedAt = Math.max(grantedAt ?? change.at, change.at);
    });
    return grantedAt;
  }

  /** Every channel×purpose that holds, for comparing runs. */
  snapshot(): string[] {
    const holding: string[] = [];
    for (const channel of CHANNELS) {
      for (const purpose of ['marketing', 'night_marketing', 'profiling'] as const) {
        const at = this.grantedAt(channel, purpose);
        if (at !== undefined) holding.push(`${channel}:${purpose}@${at}`);
      }
    }
    return holding;
  }
}
