import type { DeliveryRequest } from '../../core/customer/outbox.ts';
import { deliveryRequestSchema } from '../../core/events/internal.ts';
import { type DeliveryOutcome, type DeliveryPorts, deliverMessage } from '../../core/use-cases/deliver-message.ts';
import type { Telemetry } from './telemetry.ts';

export interface DeliverDeps extends DeliveryPorts {
  telemetry: Telemetry;
}

/** Thrown for a delivery-queue message that is not a valid delivery request: a bug upstream, dead-lettered. */
export class InvalidDeliveryRequestError extends Error {
  override name = 'InvalidDeliveryRequestError';
}

export function parseDeliveryRequest(body: string): DeliveryRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (cause) {
    throw new InvalidDeliveryRequestError('delivery message is not JSON', { cause });
  }
  const parsed = deliveryRequestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InvalidDeliveryRequestError(`invalid delivery request: ${parsed.error.message}`, { cause: parsed.error });
  }
  return parsed.data;
}

/** One delivery: send it, or record why not; metrics Sent / Failed / SuppressedAtDelivery per journey and channel. */
export async function deliver(message: DeliveryRequest, deps: DeliverDeps): Promise<DeliveryOutcome> {
  const outcome = await deliverMessage(message, deps);
  const dimensions = { journey: message.journeyId, channel: message.channel };
  const fields = {
    pseudonym: message.pseudonym,
    messageId: message.messageId,
    template: message.template,
    ...dimensions,
  };
  if (outcome.status === 'sent') {
    deps.telemetry.count('Sent', dimensions);
    deps.telemetry.info('message sent', fields);
  } else if (outcome.status === 'failed') {
    deps.telemetry.count('Failed', dimensions);
    deps.telemetry.error('message failed', { ...fields, error: outcome.error });
  } else {
    deps.telemetry.count('SuppressedAtDelivery', dimensions);
    deps.telemetry.info('message suppressed at delivery', { ...fields, reasons: outcome.reasons });
  }
  return outcome;
}
