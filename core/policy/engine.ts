import type { MessageRequest } from '../customer/request.ts';
import type { CustomerState } from '../customer/state.ts';
import type { Channel } from '../events/schemas.ts';
import { bucketOf } from '../hash.ts';
import type { JourneyCap } from '../journey-runtime/definition.ts';
import { toIso, toMs } from '../time.ts';
import type { PolicyConfig, ReasonCode } from './config.ts';
import { inLocalWindow, nextLocalHour } from './local-time.ts';

export type Decision =
  /** `generic`: the message's generic version goes out instead, for want of profiling consent. */
  | { outcome: 'send'; reasons: []; generic?: true }
  | { outcome: 'suppressed'; reasons: ReasonCode[] }
  | { outcome: 'deferred'; reasons: ReasonCode[]; until: string };

export interface DecideInput {
  customer: CustomerState;
  request: MessageRequest;
  now: number;
  config: PolicyConfig;
  journeyCaps: readonly JourneyCap[];
  /** Whether the journey instance that asked is still in a state that wants the message. */
  journeyStillWants: boolean;
}

export function timeZoneOf(customer: CustomerState, config: PolicyConfig): string {
  return customer.tz ?? (customer.country && config.timeZoneByCountry[customer.country]) ?? config.defaultTimeZone;
}

export function inHoldout(pseudonym: string, config: PolicyConfig): boolean {
  return bucketOf(`holdout:${pseudonym}`, 10_000) < config.holdoutPercent * 100;
}

function countSince(customer: CustomerState, since: number, match: (sent: CustomerState['sent'][number]) => boolean) {
  return customer.sent.filter((sent) => toMs(sent.at) > since && match(sent)).length;
}

function consentReasons(customer: CustomerState, channel: Channel, now: number, config: PolicyConfig): ReasonCode[] {
  const consent = customer.consent[`${channel}:marketing`];
  if (!consent?.granted) return ['no_consent'];
  const maxAge = customer.country ? config.countryRules[customer.country]?.marketingConsentMaxAge : undefined;
  if (maxAge !== undefined && now - toMs(consent.at) > maxAge) return ['consent_stale'];
  return [];
}

function capReasons({ customer, request, now, config, journeyCaps }: DecideInput): ReasonCode[] {
  const reasons: ReasonCode[] = [];
  const overGlobal = config.caps.some(
    (cap) =>
      (!cap.channel || cap.channel === request.channel) &&
      countSince(customer, now - cap.window, (sent) => !cap.channel || sent.channel === cap.channel) >= cap.max,
  );
  if (overGlobal) reasons.push('frequency_cap');
  const overJourney = journeyCaps.some(
    (cap) => countSince(customer, now - cap.window, (sent) => sent.journeyId === request.journeyId) >= cap.max,
  );
  if (overJourney) reasons.push('journey_cap');
  return reasons;
}

/** Quiet hours and country send windows for a promotional message: undefined when it may go now. */
function sendWindowDeferral({ customer, request, now, config }: DecideInput): Decision | undefined {
  const timeZone = timeZoneOf(customer, config);
  const rule = customer.country ? config.countryRules[customer.country] : undefined;
  if (rule?.smsWindow && request.channel === 'sms') {
    const { startHour, endHour } = rule.smsWindow;
    if (!inLocalWindow(now, timeZone, startHour, endHour)) {
      return { outcome: 'deferred', reasons: ['quiet_hours'], until: toIso(nextLocalHour(now, timeZone, startHour)) };
    }
  }
  const { startHour, endHour } = config.quietHours;
  if (!inLocalWindow(now, timeZone, startHour, endHour)) return undefined;
  if (rule?.nightConsentLiftsQuietHours) {
    if (customer.consent[`${request.channel}:night_marketing`]?.granted) return undefined;
    return {
      outcome: 'deferred',
      reasons: ['quiet_hours', 'night_consent_missing'],
      until: toIso(nextLocalHour(now, timeZone, endHour)),
    };
  }
  return { outcome: 'deferred', reasons: ['quiet_hours'], until: toIso(nextLocalHour(now, timeZone, endHour)) };
}

/** Whether the customer's country requires profiling consent for behaviour-based messages and it is not given. */
function lacksProfilingConsent(customer: CustomerState, channel: Channel, config: PolicyConfig): boolean {
  const rule = customer.country ? config.countryRules[customer.country] : undefined;
  return rule?.profilingConsentRequired === true && customer.consent[`${channel}:profiling`]?.granted !== true;
}

/** An address to send to, and one that has not bounced hard or drawn a complaint (all categories). */
function addressReasons(customer: CustomerState, channel: Channel): ReasonCode[] {
  if (!customer.has[channel]) return ['missing_identifier'];
  return customer.undeliverable?.[channel] ? ['undeliverable'] : [];
}

/**
 * The policy layer: send, defer (quiet hours, never dropped) or suppress with every reason that applies.
 * Transactional messages are exempt from consent, caps, holdout and quiet hours, never from a missing address.
 * A behaviour-based message without the profiling consent its country requires goes out as its generic version, or
 * is suppressed `no_profiling_consent` when it has none.
 */
export function decide(input: DecideInput): Decision {
  const { customer, request } = input;
  if (!input.journeyStillWants) return { outcome: 'suppressed', reasons: ['exited'] };
  if (customer.sent.some((sent) => sent.messageId === request.messageId)) {
    return { outcome: 'suppressed', reasons: ['duplicate'] };
  }
  const reasons = addressReasons(customer, request.channel);
  if (request.missingVariables?.length) reasons.push('missing_variable');
  if (request.category === 'promotional') {
    reasons.push(...consentReasons(customer, request.channel, input.now, input.config));
  }
  const generic = request.profiling !== undefined && lacksProfilingConsent(customer, request.channel, input.config);
  if (generic && !request.profiling?.generic) reasons.push('no_profiling_consent');
  if (request.category === 'promotional') {
    if (inHoldout(customer.pseudonym, input.config)) reasons.push('holdout');
    reasons.push(...capReasons(input));
  }
  if (reasons.length > 0) return { outcome: 'suppressed', reasons };
  if (request.category === 'promotional') {
    const deferral = sendWindowDeferral(input);
    if (deferral) return deferral;
  }
  return generic ? { outcome: 'send', reasons: [], generic: true } : { outcome: 'send', reasons: [] };
}

/** Whether a message decided at `decidedAt` was decided for a customer erased since (erased at or after it). */
function erasedSince(customer: CustomerState, decidedAt: string): boolean {
  const erased = [customer.erasedAt, customer.erasureAppliedAt].filter((at): at is string => at !== undefined);
  return erased.some((at) => toMs(at) >= toMs(decidedAt));
}

/**
 * Delivery re-checks what may have changed since the decision: erasure (no stored customer, or an erasure dated or
 * carried out at or after the decision — a customer who came back after an erasure keeps its tombstone times, so a
 * message decided for the erased customer is never delivered to the one who came back), consent (profiling consent
 * too for a behaviour-based message), the address.
 */
export function recheckBeforeDelivery(
  customer: CustomerState | undefined,
  message: { channel: Channel; category: MessageRequest['category']; decidedAt: string; profiled?: boolean },
  now: number,
  config: PolicyConfig,
): ReasonCode[] {
  if (!customer || erasedSince(customer, message.decidedAt)) return ['erased'];
  const reasons = addressReasons(customer, message.channel);
  if (message.category === 'promotional') reasons.push(...consentReasons(customer, message.channel, now, config));
  if (message.profiled && lacksProfilingConsent(customer, message.channel, config)) {
    reasons.push('no_profiling_consent');
  }
  return reasons;
}
