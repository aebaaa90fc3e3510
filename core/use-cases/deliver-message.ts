import type { DecisionRecord, DeliveryRequest } from '../customer/outbox.ts';
import { ChannelSendError } from '../errors.ts';
import type { Channel, Contact } from '../events/schemas.ts';
import type { PolicyConfig, ReasonCode } from '../policy/config.ts';
import { recheckBeforeDelivery } from '../policy/engine.ts';
import type { ContactVault } from '../ports/crypto.ts';
import type { ChannelSender, Clock, EventPublisher, RenderedMessage, TemplateRenderer } from '../ports/messaging.ts';
import type { CustomerStore, DecisionLog } from '../ports/store.ts';
import { toIso } from '../time.ts';

export interface DeliveryPorts {
  store: CustomerStore;
  decisionLog: DecisionLog;
  vault: ContactVault;
  renderer: TemplateRenderer;
  channels: Partial<Record<Channel, ChannelSender>>;
  events: EventPublisher;
  clock: Clock;
  policy: PolicyConfig;
  /** Post-processing of rendered content (e.g. KR advertising label); identity when absent. */
  finish?: (rendered: RenderedMessage, recipient: { country?: string }) => RenderedMessage;
}

export type DeliveryOutcome =
  | { status: 'sent'; providerMessageId: string }
  | { status: 'suppressed'; reasons: ReasonCode[] }
  | { status: 'failed'; error: string };

const ADDRESS_FIELD: Record<Channel, keyof Contact> = {
  email: 'email',
  sms: 'phone',
  kakao: 'kakaoId',
  push: 'pushToken',
};

async function suppressAtDelivery(message: DeliveryRequest, reasons: ReasonCode[], ports: DeliveryPorts) {
  const now = toIso(ports.clock.now());
  const record: DecisionRecord = {
    messageId: message.messageId,
    pseudonym: message.pseudonym,
    journeyId: message.journeyId,
    version: message.version,
    entry: message.entry,
    message: message.message,
    channel: message.channel,
    template: message.template,
    category: message.category,
    statePath: '(delivery re-check)',
    trigger: { type: 'delivery' },
    askedAt: message.decidedAt,
    decidedAt: now,
    outcome: 'suppressed',
    reasons,
    policyVersion: ports.policy.version,
  };
  await ports.decisionLog.appendDecisions([record]);
  await ports.events.publish([
    {
      detailType: 'message.decided',
      detail: { pseudonym: message.pseudonym, at: now, messageId: message.messageId, outcome: 'suppressed', reasons },
    },
  ]);
  return { status: 'suppressed' as const, reasons };
}

/**
 * Sends one decided message: strong re-read of erasure and consent, decrypt the contact just in time, render, send.
 * A transient channel failure is rethrown (the queue retries, then dead-letters); a permanent one emits
 * `message.failed`. Callers make it idempotent by messageId.
 */
export async function deliverMessage(message: DeliveryRequest, ports: DeliveryPorts): Promise<DeliveryOutcome> {
  const customer = await ports.store.load(message.pseudonym);
  const stored = customer.v > 0 ? customer : undefined;
  const reasons = recheckBeforeDelivery(stored, message, ports.clock.now(), ports.policy);
  if (reasons.length > 0 || !stored?.contact) {
    return suppressAtDelivery(message, reasons.length > 0 ? reasons : ['missing_identifier'], ports);
  }
  const contact = await ports.vault.open(stored.pseudonym, stored.contact, {
    actor: 'deliver',
    messageId: message.messageId,
  });
  const address = contact[ADDRESS_FIELD[message.channel]];
  const sender = ports.channels[message.channel];
  if (!address) return suppressAtDelivery(message, ['missing_identifier'], ports);
  const base = { pseudonym: message.pseudonym, messageId: message.messageId, channel: message.channel };
  if (!sender) {
    const error = `no ${message.channel} channel is configured`;
    await ports.events.publish([
      { detailType: 'message.failed', detail: { ...base, at: toIso(ports.clock.now()), error } },
    ]);
    return { status: 'failed', error };
  }
  const rendered = await ports.renderer.render(message, contact.firstName ? { firstName: contact.firstName } : {});
  const finished = ports.finish
    ? ports.finish(rendered, { ...(stored.country ? { country: stored.country } : {}) })
    : rendered;
  try {
    const { providerMessageId } = await sender.send(finished, address);
    await ports.events.publish([
      { detailType: 'message.sent', detail: { ...base, at: toIso(ports.clock.now()), template: message.template } },
    ]);
    return { status: 'sent', providerMessageId };
  } catch (error) {
    if (error instanceof ChannelSendError && !error.transient) {
      await ports.events.publish([
        { detailType: 'message.failed', detail: { ...base, at: toIso(ports.clock.now()), error: error.message } },
      ]);
      return { status: 'failed', error: error.message };
    }
    throw error;
  }
}
