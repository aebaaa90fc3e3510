import type { DecisionFields, OutcomeRecord } from '../../../core/outcomes/records.ts';

/** Small builders of outcome records for the outcome tests: one customer story reads as a list of facts. */
export const at = (hour: number, day = 1) =>
  `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

export function decision(
  messageId: string,
  outcome: DecisionFields['outcome'],
  decidedAt: string,
  more: Partial<DecisionFields> = {},
): OutcomeRecord {
  const [journeyId = 'cart', instance = 'p1.1', message = 'cartReminder'] = messageId.split(':');
  const [pseudonym = 'p1', entry = '1'] = instance.split('.');
  return {
    kind: 'decision',
    record: {
      messageId,
      journeyId,
      entry: Number(entry),
      message,
      pseudonym,
      channel: 'email',
      category: 'promotional',
      outcome,
      reasons: outcome === 'deferred' ? ['quiet_hours'] : [],
      decidedAt,
      ...more,
    },
  };
}

export const entered = (journeyId: string, pseudonym: string, entry = 1): OutcomeRecord => ({
  kind: 'entered',
  journeyId,
  pseudonym,
  entry,
  at: at(1),
});

export const exited = (journeyId: string, pseudonym: string, outcome: string, entry = 1): OutcomeRecord => ({
  kind: 'exited',
  journeyId,
  pseudonym,
  entry,
  outcome,
  at: at(20),
});

export const converted = (
  journeyId: string,
  pseudonym: string,
  more: { messageId?: string; revenue?: number; at?: string; entry?: number } = {},
): OutcomeRecord => ({ kind: 'conversion', journeyId, pseudonym, entry: 1, at: at(12), ...more });
