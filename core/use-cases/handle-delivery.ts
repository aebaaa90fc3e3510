import { type AdvertisingSender, applyAdvertisingRules } from '../content/advertising.ts';
import { METRIC } from '../contracts/metrics.ts';
import type { DecisionRecord } from '../customer/outbox.ts';
import { AdvertisingRulesError, ChannelSendError, DeliveryInProgressError } from '../errors.ts';
import type { Channel, Contact } from '../events/schemas.ts';
import type { DeliveryRequest } from '../messages/delivery.ts';
import { deliveryCodec } from '../messages/queue-messages.ts';
import type { PolicyConfig, ReasonCode } from '../policy/config.ts';
import { recheckBeforeDelivery } from '../policy/engine.ts';
import type { ContactVault } from '../ports/crypto.ts';
import type { ChannelSender, Clock, EventPublisher, RenderedMessage, TemplateRenderer } from '../ports/messaging.ts';
import type { DeliveryOutcome, SendLedger } from '../ports/send-ledger.ts';
import type { CustomerStore, DecisionLog } from '../ports/store.ts';
import type { Telemetry } from '../ports/telemetry.ts';
import type { UnsubscribeLinks } from '../ports/unsubscribe.ts';
import { toIso } from '../time.ts';

export interface DeliveryPorts {
  store: CustomerStore;
  decisionLog: DecisionLog;
  vault: ContactVault;
  renderer: TemplateRenderer;
  channels: Partial<Record<Channel, ChannelSender>>;
  events: EventPublisher;
  ledger: SendLedger;
  clock: Clock;
  policy: PolicyConfig;
  /** Who sends: shown with the advertising label and opt-out wherever the recipient's country requires them. */
  sender: AdvertisingSender;
  /** One-click unsubscribe links for promotional email, where the stage has the unsubscribe endpoint. */
  unsubscribeLinks?: UnsubscribeLinks;
  telemetry: Telemetry;
}

export type DeliveryResult = DeliveryOutcome | { status: 'duplicate'; previous: DeliveryOutcome };

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
  await ports.decisionLog.append([{ kind: 'decision', record }]);
  await ports.events.publish([
    {
      detailType: 'message.decided',
      detail: { pseudonym: message.pseudonym, at: now, messageId: message.messageId, outcome: 'suppressed', reasons },
    },
  ]);
  return { status: 'suppressed' as const, reasons };
}

async function failed(message: DeliveryRequest, error: string, ports: DeliveryPorts): Promise<DeliveryOutcome> {
  const { pseudonym, messageId, channel } = message;
  const at = toIso(ports.clock.now());
  await ports.decisionLog.append([
    { kind: 'engagement', record: { pseudonym, messageId, channel, action: 'failed', at } },
  ]);
  await ports.events.publish([{ detailType: 'message.failed', detail: { pseudonym, messageId, channel, error, at } }]);
  return { status: 'failed', error };
}

/** A promotional email's one-click unsubscribe link: it opts out of marketing email only, the message's own kind. */
function unsubscribeLinkFor(message: DeliveryRequest, ports: DeliveryPorts): string | undefined {
  if (message.category !== 'promotional' || message.channel !== 'email' || !ports.unsubscribeLinks) return undefined;
  const scope = { channel: message.channel, purpose: 'marketing' } as const;
  const locale = message.locale ? { locale: message.locale } : {};
  return ports.unsubscribeLinks.linkFor(message.pseudonym, scope, { now: ports.clock.now(), ...locale });
}

/**
 * Sends one decided message: strong re-read of erasure and consent, decrypt the contact just in time, render, apply
 * the advertising rules, send. A transient channel failure is rethrown (the queue retries, then dead-letters); a
 * permanent one emits `message.failed`.
 */
async function send(message: DeliveryRequest, ports: DeliveryPorts): Promise<DeliveryResult> {
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
  if (!address) return suppressAtDelivery(message, ['missing_identifier'], ports);
  const sender = ports.channels[message.channel];
  if (!sender) return failed(message, `no ${message.channel} channel is configured`, ports);
  const rendered = await ports.renderer.render(message, contact.firstName ? { firstName: contact.firstName } : {});
  const recipient = stored.country ? { country: stored.country } : {};
  const rules = stored.country ? ports.policy.countryRules[stored.country] : undefined;
  const unsubscribeUrl = unsubscribeLinkFor(message, ports);
  let content: RenderedMessage;
  try {
    content = applyAdvertisingRules(rendered, recipient, rules, ports.sender, unsubscribeUrl ? { unsubscribeUrl } : {});
  } catch (error) {
    if (error instanceof AdvertisingRulesError) return failed(message, error.message, ports);
    throw error;
  }
  if (unsubscribeUrl) content = { ...content, unsubscribeUrl };
  try {
    const { providerMessageId, duplicate } = await sender.send(content, address);
    if (duplicate) return { status: 'duplicate', previous: { status: 'sent', providerMessageId } };
    return { status: 'sent', providerMessageId };
  } catch (error) {
    if (error instanceof ChannelSendError && !error.transient) return failed(message, error.message, ports);
    throw error;
  }
}

/**
 * Announces a send the channel took. A failure here must not release the claim and make the queue deliver again
 * (the retry would send a second time, or the provider would call it a duplicate and it would never be announced),
 * so it is logged instead.
 */
async function announceSent(message: DeliveryRequest, ports: DeliveryPorts): Promise<void> {
  const detail = { pseudonym: message.pseudonym, messageId: message.messageId, channel: message.channel };
  try {
    const at = toIso(ports.clock.now());
    await ports.events.publish([{ detailType: 'message.sent', detail: { ...detail, template: message.template, at } }]);
  } catch (error) {
    ports.telemetry.error('message.sent not published', { ...detail, error: String(error) });
  }
}

function report(message: DeliveryRequest, result: DeliveryResult, telemetry: Telemetry): void {
  const dimensions = { journey: message.journeyId, channel: message.channel };
  const fields = { pseudonym: message.pseudonym, messageId: message.messageId, template: message.template };
  if (result.status === 'sent') {
    telemetry.count(METRIC.sent, dimensions);
    telemetry.info('message sent', { ...fields, ...dimensions });
  } else if (result.status === 'failed') {
    telemetry.count(METRIC.failed, dimensions);
    telemetry.error('message failed', { ...fields, ...dimensions, error: result.error });
  } else if (result.status === 'suppressed') {
    telemetry.count(METRIC.suppressedAtDelivery, dimensions);
    telemetry.info('message suppressed at delivery', { ...fields, ...dimensions, reasons: result.reasons });
  } else {
    telemetry.info('duplicate delivery skipped', { ...fields, ...dimensions, previous: result.previous.status });
  }
}

/**
 * One delivery request, sent at most once per messageId: the send ledger is claimed first, and a message already
 * handled — or one the channel provider recognises as already sent — comes back as `duplicate` with its earlier
 * outcome, never reported as a new send.
 */
export async function handleDelivery(message: DeliveryRequest, ports: DeliveryPorts): Promise<DeliveryResult> {
  const now = ports.clock.now();
  const claim = await ports.ledger.claim(message.messageId, now);
  if (claim.status === 'in_progress') throw new DeliveryInProgressError({ messageId: message.messageId });
  let result: DeliveryResult;
  if (claim.status === 'completed') {
    result = { status: 'duplicate', previous: claim.outcome };
  } else {
    try {
      result = await send(message, ports);
    } catch (error) {
      await ports.ledger.release(message.messageId);
      throw error;
    }
    // Once the channel took the message nothing may release the claim, or a redelivery would send it again.
    if (result.status === 'sent') await announceSent(message, ports);
    const outcome = result.status === 'duplicate' ? result.previous : result;
    await ports.ledger.complete(message.messageId, outcome, now);
  }
  report(message, result, ports.telemetry);
  return result;
}

/** The delivery queue's edge: a body that is not a delivery request is a bug upstream and throws (dead-lettered). */
export async function handleDeliveryBody(body: string, ports: DeliveryPorts): Promise<DeliveryResult> {
  return handleDelivery(deliveryCodec.decode(body), ports);
}
