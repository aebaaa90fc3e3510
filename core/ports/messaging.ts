import type { OutboundEvent } from '../customer/outbox.ts';
import type { Channel } from '../events/schemas.ts';
import type { DeliveryRequest } from '../messages/delivery.ts';

/** Outbound events (journey.*, message.*, consent.*, privacy.*) to the bus; pseudonyms only. */
export interface EventPublisher {
  publish(events: readonly OutboundEvent[]): Promise<void>;
}

/** Where data-subject exports are written (a KMS-encrypted bucket on AWS, a local folder otherwise). */
export interface ExportSink {
  /** Returns the object key or path written. */
  write(key: string, body: string): Promise<string>;
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
  /** Promotional email: the one-click unsubscribe link (RFC 8058), sent as `List-Unsubscribe` headers. */
  unsubscribeUrl?: string;
}

/**
 * One channel provider. `duplicate` is true when the provider recognised the messageId as already sent (its own
 * idempotency key) and did not send it again.
 */
export interface ChannelSender {
  readonly channel: Channel;
  /** `address` is the decrypted email / phone / messenger id / push token; never log it. */
  send(message: RenderedMessage, address: string): Promise<{ providerMessageId: string; duplicate?: boolean }>;
}

/** Which channels each message template has a version for (in any locale): read once when a function starts. */
export interface TemplateCatalog {
  has(template: string, channel: Channel): boolean;
}

/** Renders a template for a delivery; `firstName` only when the template asks for it. */
export interface TemplateRenderer {
  render(message: DeliveryRequest, personal: { firstName?: string }): Promise<RenderedMessage>;
}

/** Wall clock, in epoch milliseconds; virtual in tests and replays. */
export interface Clock {
  now(): number;
}
