import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** What became of a message decided `send`: the `message.sent` / `message.failed` event of the delivery function. */
export interface DeliveryOutcome {
  messageId: string;
  status: 'sent' | 'failed';
  at: string;
  /** The channel that took the message or failed last. */
  channel?: string;
  error?: string;
  /** Channels tried first that gave way, and why (delivery-time fallback). */
  fellBackFrom?: string[];
  fallbackCauses?: string[];
}

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;

/** Masks anything that looks like an email address or a phone number (provider errors may echo the recipient). */
export function redact(text: string): string {
  return text.replace(/[^\s<>"']+@[^\s<>"']+/g, '***@***').replace(/\+?\d[\d\s-]{6,}\d/g, '***');
}

/**
 * Delivery outcomes of one pseudonym from the local outbound event log (`<data-dir>/events.jsonl`). On AWS these are
 * events on the bus only (`message.sent`, `message.failed`), not stored in the table, so `why` cannot show them there.
 */
export async function readLocalDeliveries(eventsPath: string, pseudonym: string): Promise<DeliveryOutcome[]> {
  if (!existsSync(eventsPath)) return [];
  const outcomes: DeliveryOutcome[] = [];
  const lines = createInterface({ input: createReadStream(eventsPath, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (!line.includes(pseudonym)) continue;
    let event: { 'detail-type'?: string; detail?: Record<string, unknown> };
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    const type = event['detail-type'];
    const detail = event.detail ?? {};
    if ((type !== 'message.sent' && type !== 'message.failed') || detail.pseudonym !== pseudonym) continue;
    outcomes.push({
      messageId: String(detail.messageId),
      status: type === 'message.sent' ? 'sent' : 'failed',
      at: String(detail.at),
      ...(typeof detail.channel === 'string' ? { channel: detail.channel } : {}),
      ...(typeof detail.error === 'string' ? { error: redact(detail.error) } : {}),
      ...(strings(detail.fellBackFrom) ? { fellBackFrom: strings(detail.fellBackFrom) } : {}),
      ...(strings(detail.fallbackCauses) ? { fallbackCauses: strings(detail.fallbackCauses)?.map(redact) } : {}),
    });
  }
  return outcomes;
}
