import type { MessageRequest } from '../customer/request.ts';
import { toIso } from '../time.ts';
import type { PolicyConfig } from './config.ts';
import type { Decision } from './engine.ts';

/**
 * Priority arbitration within one decision round (one event or one timer tick of one customer): requests are
 * decided in journey-priority order and at most `maxPromotionalAtOnce` promotional messages go out; the others lose
 * with `priority_conflict`, dropped or deferred by `conflictDelay` as their journey says.
 */
export class Arbitration {
  readonly #config: PolicyConfig;
  readonly #now: number;
  #promotionalGranted = 0;

  constructor(config: PolicyConfig, now: number) {
    this.#config = config;
    this.#now = now;
  }

  /** Highest journey priority first; the order requests must be decided in. */
  static order(requests: readonly MessageRequest[]): MessageRequest[] {
    return [...requests].sort((a, b) => b.priority - a.priority);
  }

  /** The final decision for a request the policy engine decided on its own. */
  rule(request: MessageRequest, decision: Decision): Decision {
    if (decision.outcome !== 'send' || request.category !== 'promotional') return decision;
    if (this.#promotionalGranted < this.#config.maxPromotionalAtOnce) {
      this.#promotionalGranted += 1;
      return decision;
    }
    const { channel, skipped, fallbacks } = decision;
    const choice = { channel, skipped, fallbacks };
    if (request.onConflict === 'drop') return { outcome: 'suppressed', reasons: ['priority_conflict'], ...choice };
    return {
      ...choice,
      outcome: 'deferred',
      reasons: ['priority_conflict'],
      until: toIso(this.#now + this.#config.conflictDelay),
    };
  }
}
