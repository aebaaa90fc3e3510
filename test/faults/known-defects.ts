import type { FaultRun } from './fault-runs.ts';

/**
 * Violations the sweep knows and expects, each with its reason: a product bug reproduced by a failing test
 * (`it.fails` in known-defects.test.ts), or a limit the design documents. Anything else fails the sweep. (Fixed:
 * 'message-sent-unannounced' and 'erasure-completed-count', decision 0013.)
 */
export interface KnownDefect {
  id: string;
  kind: 'product bug' | 'documented limit';
  summary: string;
  matches(run: FaultRun, violation: string): boolean;
}

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
