import { OUTBOUND_DETAIL_TYPES, type OutboundDetailType } from '../customer/outbox.ts';

/**
 * Outbound detail-types put on the bus when a stage does not choose (decision 0009): those recorded nowhere else, or
 * that ask someone to act. `journey.entered`, `journey.exited`, `journey.converted` and `message.decided` are entries
 * of the customer's log too (the report and `why` read them there), nothing in the stack consumes them from the bus,
 * and they were most of the outbound events (each a billed PutEvents entry).
 */
export const PUBLISHED_BY_DEFAULT: readonly OutboundDetailType[] = [
  'message.sent',
  'message.failed',
  'consent.reconfirmation_due',
  'privacy.erasure_completed',
  'privacy.export_ready',
];

/** A stage named an outbound detail-type there is not: a deployment mistake, refused with the name. */
export class UnknownOutboundTypeError extends Error {
  override name = 'UnknownOutboundTypeError';
  readonly detailType: string;
  constructor(detailType: string) {
    super(`Unknown outbound detail-type "${detailType}" (known: all, none, ${OUTBOUND_DETAIL_TYPES.join(', ')})`);
    this.detailType = detailType;
  }
}

/** A stage's `outboundEventTypes`: `all`, `none`, or detail-types separated by commas; the default when absent. */
export function publishedTypes(setting: string | undefined): ReadonlySet<OutboundDetailType> {
  const text = setting?.trim();
  if (!text) return new Set(PUBLISHED_BY_DEFAULT);
  if (text === 'all') return new Set(OUTBOUND_DETAIL_TYPES);
  if (text === 'none') return new Set();
  const known = new Set<string>(OUTBOUND_DETAIL_TYPES);
  const types = text.split(',').map((type) => type.trim());
  for (const type of types) if (!known.has(type)) throw new UnknownOutboundTypeError(type);
  return new Set(types as OutboundDetailType[]);
}
