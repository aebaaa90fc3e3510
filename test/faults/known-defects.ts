import type { FaultRun } from './fault-runs.ts';

/**
 * Violations the sweep knows and expects, each with its reason: a product bug reproduced by a failing test
 * (`it.fails` in known-defects.test.ts), or a limit the design documents. Anything else fails the sweep.
 */
export interface KnownDefect {
  id: string;
  kind: 'product bug' | 'documented limit';
  summary: string;
  matches(run: FaultRun, violation: string): boolean;
}

const inDelivery = (run: FaultRun) => run.fired.some((fault) => fault.context.includes('delivery receive'));
const firedAt = (run: FaultRun, method: RegExp, phase: 'before' | 'after') =>
  run.fired.some((fault) => method.test(fault.method) && fault.phase === phase);

export const KNOWN_DEFECTS: KnownDefect[] = [
  {
    id: 'resend-after-lost-response',
    kind: 'documented limit',
    summary:
      'a provider without an idempotency key (SES, SMS) sends again when its response was lost, or when the ledger ' +
      'could not be completed after the send and the claim expired (adapters/channels/ses-email.ts: "the one window left")',
    matches: (run, violation) =>
      !run.idempotentProvider &&
      violation.startsWith('sent twice:') &&
      (firedAt(run, /^channels\./, 'after') || firedAt(run, /^ledger\.complete$/, 'before')),
  },
  {
    id: 'message-sent-unannounced',
    kind: 'product bug',
    summary:
      'message.sent is never published when the send response was lost (the redelivery hears "duplicate") or ' +
      'publishing it failed: the send ledger has no "sent, not announced" state to finish from',
    matches: (run, violation) =>
      violation.startsWith('outbound events never published: message.sent') && inDelivery(run),
  },
  {
    id: 'erasure-completed-count',
    kind: 'product bug',
    summary:
      'an erasure done again (its response lost, or its erasure-due message delivered twice) announces ' +
      'privacy.erasure_completed with itemsDeleted: 0 — what the repeat found, not what the erasure deleted',
    matches: (_run, violation) =>
      /^outbound events (never published|only with faults): privacy\.erasure_completed/.test(violation),
  },
];

/** Splits a run's violations into the known (by id) and the unexpected. */
export function classify(run: FaultRun): { known: string[]; unexpected: string[] } {
  const known: string[] = [];
  const unexpected: string[] = [];
  for (const violation of run.violations) {
    const defect = KNOWN_DEFECTS.find((candidate) => candidate.matches(run, violation));
    if (defect) known.push(defect.id);
    else unexpected.push(violation);
  }
  return { known, unexpected };
}
