import { applyAdvertisingRules } from '../content/advertising.ts';
import { applyKakaoRules } from '../content/kakao-message.ts';
import { AdvertisingRulesError, ChannelSendError } from '../errors.ts';
import type { Channel, Contact } from '../events/schemas.ts';
import type { DeliveryRequest } from '../messages/delivery.ts';
import type { ReasonCode } from '../policy/config.ts';
import { recheckBeforeDelivery } from '../policy/engine.ts';
import type { RenderedMessage } from '../ports/messaging.ts';
import type { DeliveryOutcome } from '../ports/send-ledger.ts';
import type { DeliveryPorts } from './handle-delivery.ts';

const ADDRESS_FIELD: Record<Channel, keyof Contact> = {
  email: 'email',
  sms: 'phone',
  kakao: 'kakaoId',
  push: 'pushToken',
};

/** What one attempt on one channel came to; nothing is logged or published yet (the caller settles the message). */
export type AttemptResult = DeliveryOutcome | { status: 'duplicate'; previous: DeliveryOutcome };

/**
 * The ledger key of an attempt: the messageId on the decided channel, `<messageId>#<channel>` on a fallback, so
 * each channel is sent at most once and the message at most once in all.
 */
export function attemptKey(message: DeliveryRequest, index: number): string {
  return index === 0 ? message.messageId : `${message.messageId}#${message.channel}`;
}

/** A promotional email's one-click unsubscribe link: it opts out of marketing email only, the message's own kind. */
function unsubscribeLinkFor(message: DeliveryRequest, ports: DeliveryPorts): string | undefined {
  if (message.category !== 'promotional' || message.channel !== 'email' || !ports.unsubscribeLinks) return undefined;
  const scope = { channel: message.channel, purpose: 'marketing' } as const;
  const locale = message.locale ? { locale: message.locale } : {};
  return ports.unsubscribeLinks.linkFor(message.pseudonym, scope, { now: ports.clock.now(), ...locale });
}

/**
 * One attempt to send a decided message on `message.channel`: strong re-read of erasure, consent and the address,
 * decrypt the contact just in time, render, apply the advertising and KakaoTalk rules, send. A transient channel
 * failure is rethrown (the queue retries); a permanent one, or content the policy refuses, comes back `failed`.
 */
export async function attemptDelivery(message: DeliveryRequest, ports: DeliveryPorts): Promise<AttemptResult> {
  const customer = await ports.store.load(message.pseudonym);
  const stored = customer.v > 0 ? customer : undefined;
  const reasons: ReasonCode[] = recheckBeforeDelivery(stored, message, ports.clock.now(), ports.policy);
  if (reasons.length > 0 || !stored?.contact) {
    return { status: 'suppressed', reasons: reasons.length > 0 ? reasons : ['missing_identifier'] };
  }
  const contact = await ports.vault.open(stored.pseudonym, stored.contact, {
    actor: 'deliver',
    messageId: message.messageId,
  });
  const address = contact[ADDRESS_FIELD[message.channel]];
  if (!address) return { status: 'suppressed', reasons: ['missing_identifier'] };
  const sender = ports.channels[message.channel];
  if (!sender) return { status: 'failed', error: `no ${message.channel} channel is configured` };
  const rendered = await ports.renderer.render(message, contact.firstName ? { firstName: contact.firstName } : {});
  const recipient = stored.country ? { country: stored.country } : {};
  const rules = stored.country ? ports.policy.countryRules[stored.country] : undefined;
  const unsubscribeUrl = unsubscribeLinkFor(message, ports);
  let content: RenderedMessage;
  try {
    content = applyAdvertisingRules(rendered, recipient, rules, ports.sender, unsubscribeUrl ? { unsubscribeUrl } : {});
  } catch (error) {
    if (error instanceof AdvertisingRulesError) return { status: 'failed', error: error.message };
    throw error;
  }
  if (unsubscribeUrl) content = { ...content, unsubscribeUrl };
  if (content.channel === 'kakao') {
    const kakao = applyKakaoRules(content, message.fallbacks?.[0]);
    if ('problem' in kakao) return { status: 'failed', error: `kakao: ${kakao.problem}` };
    content = kakao;
  }
  try {
    const { providerMessageId, duplicate } = await sender.send(content, address);
    if (duplicate) return { status: 'duplicate', previous: { status: 'sent', providerMessageId } };
    return { status: 'sent', providerMessageId };
  } catch (error) {
    if (error instanceof ChannelSendError && !error.transient) return { status: 'failed', error: error.message };
    throw error;
  }
}

/** Whether a message goes on to its next channel after this attempt: a failure, or a re-check other than erasure. */
export function fallsBack(result: AttemptResult): boolean {
  if (result.status === 'failed') return true;
  return result.status === 'suppressed' && !result.reasons.includes('erased');
}

/** `kakao: SOLAPI refused …` / `kakao: no_consent`: why an attempt gave way to the next channel. */
export function setbackText(channel: Channel, result: AttemptResult): string {
  if (result.status === 'failed') return `${channel}: ${result.error}`;
  if (result.status === 'suppressed') return `${channel}: ${result.reasons.join(', ')}`;
  return `${channel}: ${result.status}`;
}
