import type { DeliveryRequest, OutboundEvent } from '../customer/outbox.ts';
import type { Channel } from '../events/schemas.ts';

/** Outbound events (journey.*, message.*, consent.*, privacy.*) to the bus; pseudonyms only. */
export interface EventPublisher {
  publish(events: readonly OutboundEvent[]): Promise<void>;
}

/** The delivery queue between decision and send. */
export interface DeliveryQueue {
  enqueue(messages: readonly DeliveryRequest[]): Promise<void>;
}

/** Puts `timer.due` messages for customers on the ingest queue (the sweeper's output). */
export interface TimerDueQueue {
  enqueueTimerDue(pseudonyms: readonly string[], bucket: string): Promise<void>;
}

/** Where data-subject exports are written (a KMS-encrypted bucket on AWS, a local folder otherwise). */
export interface ExportSink {
  /** Returns the object key or path written. */
  write(key: string, body: string): Promise<string>;
}

/** Asks the privacy function to erase a customer (scheduled erasure after account closure). */
export interface ErasureRequests {
  requestErasure(pseudonym: string, reason: string): Promise<void>;
}

/** An event that broke the contract, kept with the reason so the publisher can fix and resend it. */
export interface RejectedEvent {
  reason: string;
  issues: Array<{ field: string; rule: string }>;
  detailType?: string;
  eventId?: string;
  /** The event as received (it may hold PII: the rejected store is encrypted and access-controlled). */
  raw: unknown;
  rejectedAt: string;
}

export interface RejectedEvents {
  reject(event: RejectedEvent): Promise<void>;
}

/** A message ready for a channel: rendered content, no decisions left to take. */
export interface RenderedMessage {
  messageId: string;
  channel: Channel;
  category: DeliveryRequest['category'];
  template: string;
  /** Email only. */
  subject?: string;
  /** Email: HTML or text body; SMS/push/kakao: text; webhook: JSON text. */
  body: string;
}

/** One channel provider. Sends are idempotent by messageId (retries must not double-send). */
export interface ChannelSender {
  readonly channel: Channel;
  /** `address` is the decrypted email / phone / messenger id / push token; never log it. */
  send(message: RenderedMessage, address: string): Promise<{ providerMessageId: string }>;
}

/** Renders a template for a delivery; `firstName` only when the template asks for it. */
export interface TemplateRenderer {
  render(message: DeliveryRequest, personal: { firstName?: string }): Promise<RenderedMessage>;
}

/** Wall clock, in epoch milliseconds; virtual in tests and replays. */
export interface Clock {
  now(): number;
}
