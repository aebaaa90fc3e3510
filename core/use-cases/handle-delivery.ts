import type { AdvertisingSender } from '../content/advertising.ts';
import { METRIC } from '../contracts/metrics.ts';
import type { DecisionRecord } from '../customer/outbox.ts';
import { AnnouncementPendingError, DeliveryInProgressError } from '../errors.ts';
import type { Channel } from '../events/schemas.ts';
import type { DeliveryRequest } from '../messages/delivery.ts';
import { deliveryCodec } from '../messages/queue-messages.ts';
import type { PolicyConfig, ReasonCode } from '../policy/config.ts';
import type { ContactVault } from '../ports/crypto.ts';
import type { ChannelSender, Clock, EventPublisher, TemplateRenderer } from '../ports/messaging.ts';
import type { DeliveryOutcome, SendLedger } from '../ports/send-ledger.ts';
import type { CustomerStore, DecisionLog } from '../ports/store.ts';
import type { Telemetry } from '../ports/telemetry.ts';
import type { UnsubscribeLinks } from '../ports/unsubscribe.ts';
import { toIso } from '../time.ts';
import { attemptDelivery, attemptKey, fallsBack, setbackText } from './delivery-attempt.ts';
import { type DeliveryPacing, waitForSendSlot } from './pace-delivery.ts';

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
  /** Keeps journeys under their sends per second; without it nothing is paced. */
  pacing?: DeliveryPacing;
}

export type DeliveryResult = DeliveryOutcome | { status: 'duplicate'; previous: DeliveryOutcome };

/** Why earlier channels gave way: the channels, and for each the failure or re-check reasons. */
interface Setbacks {
  channels: Channel[];
  causes: string[];
}

const setbackDetail = (setbacks: Setbacks) =>
  setbacks.channels.length > 0 ? { fellBackFrom: setbacks.channels, fallbackCauses: setbacks.causes } : {};

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
}

async function failed(message: DeliveryRequest, error: string, setbacks: Setbacks, ports: DeliveryPorts) {
  const { pseudonym, messageId, channel } = message;
  const at = toIso(ports.clock.now());
  await ports.decisionLog.append([
    { kind: 'engagement', record: { pseudonym, messageId, channel, action: 'failed', at } },
  ]);
  const detail = { pseudonym, messageId, channel, error, at, ...setbackDetail(setbacks) };
  await ports.events.publish([{ detailType: 'message.failed', detail }]);
}

type Announcement = { announced: true } | { announced: false; error: unknown };

/**
 * Announces a send the channel took (`message.sent`; at least once, so its consumers key it by messageId). A failure
 * comes back instead of being thrown: the claim must not be released (a redelivery would send a second time), so the
 * caller records the send as not announced yet and the message's next delivery announces it (decision 0012).
 */
async function announceSent(message: DeliveryRequest, setbacks: Setbacks, ports: DeliveryPorts): Promise<Announcement> {
  try {
    const detail = { pseudonym: message.pseudonym, messageId: message.messageId, channel: message.channel };
    const at = toIso(ports.clock.now());
    const sent = { ...detail, template: message.template, at, ...setbackDetail(setbacks) };
    await ports.events.publish([{ detailType: 'message.sent', detail: sent }]);
    return { announced: true };
  } catch (error) {
    return { announced: false, error };
  }
}

/** Logs a send left unannounced; the error to throw, so the queue delivers the message again to announce it. */
function announcementPending(message: DeliveryRequest, error: unknown, telemetry: Telemetry): AnnouncementPendingError {
  const { pseudonym, messageId, channel } = message;
  telemetry.error('message.sent not published', { pseudonym, messageId, channel, error: String(error) });
  return new AnnouncementPendingError({ messageId, cause: error });
}

/** A send recorded as not announced (its `message.sent` failed to publish): announced now, then marked so. */
async function announceLate(message: DeliveryRequest, key: string, setbacks: Setbacks, ports: DeliveryPorts) {
  const announcement = await announceSent(message, setbacks, ports);
  if (!announcement.announced) throw announcementPending(message, announcement.error, ports.telemetry);
  await ports.ledger.markAnnounced(key);
}

/** The message as tried on its `index`-th channel (0: the decided one), with the channels still after it. */
function onChannel(message: DeliveryRequest, index: number): DeliveryRequest {
  const channels = [message.channel, ...(message.fallbacks ?? [])];
  const { fallbacks: _fallbacks, ...rest } = message;
  const after = channels.slice(index + 1);
  return { ...rest, channel: channels[index] as Channel, ...(after.length > 0 ? { fallbacks: after } : {}) };
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
 * One delivery request, sent at most once per messageId: on the decided channel or, when a send there fails for good
 * (or the re-check rules that channel out, erasure aside), on its fallbacks in order — one message, never two sends.
 * Each attempt claims the send ledger under its own key first and is re-checked on its own; a message already
 * handled — or one the channel provider recognises as already sent — comes back as `duplicate` with its earlier
 * outcome, never reported as a new send. `message.sent` is published at least once per send: a send whose
 * announcement failed (or whose response was lost) is announced by the message's next delivery.
 */
export async function handleDelivery(message: DeliveryRequest, ports: DeliveryPorts): Promise<DeliveryResult> {
  const now = ports.clock.now();
  const last = message.fallbacks?.length ?? 0;
  const setbacks: Setbacks = { channels: [], causes: [] };
  const giveWay = (attempt: DeliveryRequest, outcome: DeliveryOutcome) => {
    setbacks.channels.push(attempt.channel);
    setbacks.causes.push(setbackText(attempt.channel, outcome));
  };
  for (let index = 0; ; index += 1) {
    const attempt = onChannel(message, index);
    const key = attemptKey(attempt, index);
    const claim = await ports.ledger.claim(key, now);
    if (claim.status === 'in_progress') throw new DeliveryInProgressError({ messageId: message.messageId });
    let result: DeliveryResult;
    if (claim.status === 'completed') {
      if (index < last && fallsBack(claim.outcome)) {
        giveWay(attempt, claim.outcome);
        continue;
      }
      if (!claim.announced) await announceLate(attempt, key, setbacks, ports);
      result = { status: 'duplicate', previous: claim.outcome };
    } else {
      try {
        if (ports.pacing) await waitForSendSlot(attempt, ports.pacing, ports.clock);
        result = await attemptDelivery(attempt, ports);
        if (index < last && result.status !== 'duplicate' && fallsBack(result)) {
          await ports.ledger.complete(key, result, now);
          ports.telemetry.info('message falls back', {
            pseudonym: message.pseudonym,
            messageId: message.messageId,
            channel: attempt.channel,
            fallback: attempt.fallbacks?.[0],
            cause: setbackText(attempt.channel, result),
          });
          giveWay(attempt, result);
          continue;
        }
        if (result.status === 'suppressed') await suppressAtDelivery(attempt, result.reasons, ports);
        if (result.status === 'failed') await failed(attempt, result.error, setbacks, ports);
      } catch (error) {
        await ports.ledger.release(key);
        throw error;
      }
      // Once the channel took the message nothing may release the claim, or a redelivery would send it again.
      const outcome = result.status === 'duplicate' ? result.previous : result;
      const announcement: Announcement =
        outcome.status === 'sent' ? await announceSent(attempt, setbacks, ports) : { announced: true };
      await ports.ledger.complete(key, outcome, now, { announced: announcement.announced });
      if (!announcement.announced) {
        report(attempt, result, ports.telemetry);
        throw announcementPending(attempt, announcement.error, ports.telemetry);
      }
    }
    report(attempt, result, ports.telemetry);
    return result;
  }
}

/** The delivery queue's edge: a body that is not a delivery request is a bug upstream and throws (dead-lettered). */
export async function handleDeliveryBody(body: string, ports: DeliveryPorts): Promise<DeliveryResult> {
  return handleDelivery(deliveryCodec.decode(body), ports);
}
