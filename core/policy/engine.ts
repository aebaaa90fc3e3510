import type { MessageRequest } from '../customer/request.ts';
import type { CustomerState } from '../customer/state.ts';
import type { Channel } from '../events/schemas.ts';
import { bucketOf } from '../hash.ts';
import type { JourneyCap, JourneyLimits } from '../journey-runtime/definition.ts';
import { pausedRecheckOf } from '../journey-runtime/lifecycle.ts';
import { toIso, toMs } from '../time.ts';
import type { CountryRule, PolicyConfig, ReasonCode } from './config.ts';
import { type BudgetRefusal, budgetApplies, budgetDecision } from './journey-budget.ts';
import { ALL_DAY, hourSpans, nextOpenSlot, type SlotConstraint } from './open-slot.ts';
import { closedDates, openMinutes, type SendWindows } from './send-windows.ts';

export type Decision =
  | { outcome: 'send'; reasons: [] }
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
  /** The journey is paused and its customers wait: its messages are held (`journey_paused`) until it resumes. */
  journeyPaused?: boolean;
  /** The journey's caps across all customers, and the budget's refusal of this message if it refused it. */
  limits?: JourneyLimits;
  budgetRefusal?: BudgetRefusal;
  /** The asking journey's open hours and closed days (promotional messages only). */
  sendWindows?: SendWindows;
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

/** The local spans quiet hours leave open, or undefined when there are none or night consent lifts them. */
function quietHoursConstraint({ customer, request, config }: DecideInput, rule: CountryRule | undefined) {
  const { startHour, endHour } = config.quietHours;
  if (startHour === endHour) return undefined;
  if (rule?.nightConsentLiftsQuietHours && customer.consent[`${request.channel}:night_marketing`]?.granted) {
    return undefined;
  }
  const open = hourSpans(endHour, startHour);
  return { reason: 'quiet_hours' as const, allowed: () => open };
}

function closedDaysOf({ customer, config, sendWindows }: DecideInput): ReadonlySet<string>[] {
  const calendars: ReadonlySet<string>[] = [];
  const holidays = customer.country ? config.holidays?.[customer.country] : undefined;
  if (sendWindows?.closedOnHolidays && holidays) calendars.push(closedDates(holidays));
  if (sendWindows?.closedDays) calendars.push(closedDates(sendWindows.closedDays));
  return calendars;
}

/**
 * Open hours, closed days, country send windows and quiet hours for a promotional message: undefined when it may
 * go now, else deferred to the next slot where all of them allow it.
 */
function sendWindowDeferral(input: DecideInput): Decision | undefined {
  const { customer, request, config, sendWindows } = input;
  const rule = customer.country ? config.countryRules[customer.country] : undefined;
  const constraints: SlotConstraint[] = [];
  if (sendWindows?.openHours?.[request.channel]) {
    constraints.push({
      reason: 'outside_open_hours',
      allowed: (weekday) => openMinutes(sendWindows, request.channel, weekday) ?? ALL_DAY,
    });
  }
  if (rule?.smsWindow && request.channel === 'sms') {
    const open = hourSpans(rule.smsWindow.startHour, rule.smsWindow.endHour);
    constraints.push({ reason: 'quiet_hours', allowed: () => open });
  }
  const quiet = quietHoursConstraint(input, rule);
  if (quiet) constraints.push(quiet);
  const calendars = closedDaysOf(input);
  if (constraints.length === 0 && calendars.length === 0) return undefined;
  const slot = nextOpenSlot(input.now, {
    timeZone: timeZoneOf(customer, config),
    isClosed: (date) => calendars.some((calendar) => calendar.has(date)),
    constraints,
    horizonDays: calendars.reduce((sum, calendar) => sum + calendar.size, 14),
  });
  if (!slot) return undefined;
  const reasons = slot.reasons;
  if (quiet && rule?.nightConsentLiftsQuietHours && reasons.includes('quiet_hours')) {
    reasons.push('night_consent_missing');
  }
  return { outcome: 'deferred', reasons, until: toIso(slot.at) };
}

/** An address to send to, and one that has not bounced hard or drawn a complaint (all categories). */
function addressReasons(customer: CustomerState, channel: Channel): ReasonCode[] {
  if (!customer.has[channel]) return ['missing_identifier'];
  return customer.undeliverable?.[channel] ? ['undeliverable'] : [];
}

/**
 * The policy layer: send, defer (quiet hours, open hours, closed days, a paused journey: never dropped) or suppress
 * with every reason that applies. Transactional messages are exempt from consent, caps, holdout, quiet hours, send
 * windows and the journey budget, never from a missing address or a pause.
 */
export function decide(input: DecideInput): Decision {
  const { customer, request } = input;
  if (!input.journeyStillWants) return { outcome: 'suppressed', reasons: ['exited'] };
  if (customer.sent.some((sent) => sent.messageId === request.messageId)) {
    return { outcome: 'suppressed', reasons: ['duplicate'] };
  }
  if (input.journeyPaused) {
    return {
      outcome: 'deferred',
      reasons: ['journey_paused'],
      until: toIso(input.now + pausedRecheckOf(input.config)),
    };
  }
  const reasons = addressReasons(customer, request.channel);
  if (request.missingVariables?.length) reasons.push('missing_variable');
  if (request.category === 'promotional') {
    reasons.push(...consentReasons(customer, request.channel, input.now, input.config));
    if (inHoldout(customer.pseudonym, input.config)) reasons.push('holdout');
    reasons.push(...capReasons(input));
  }
  if (reasons.length > 0) return { outcome: 'suppressed', reasons };
  if (request.category === 'promotional') {
    const deferral = sendWindowDeferral(input);
    if (deferral) return deferral;
  }
  if (input.budgetRefusal && budgetApplies(input.limits, request.category)) {
    return budgetDecision(input.budgetRefusal, input.limits, input.now, input.config);
  }
  return { outcome: 'send', reasons: [] };
}

/** Whether a message decided at `decidedAt` was decided for a customer erased since (erased at or after it). */
function erasedSince(customer: CustomerState, decidedAt: string): boolean {
  const erased = [customer.erasedAt, customer.erasureAppliedAt].filter((at): at is string => at !== undefined);
  return erased.some((at) => toMs(at) >= toMs(decidedAt));
}

/**
 * Delivery re-checks what may have changed since the decision: erasure (no stored customer, or an erasure dated or
 * carried out at or after the decision — a customer who came back after an erasure keeps its tombstone times, so a
 * message decided for the erased customer is never delivered to the one who came back), consent, the address.
 */
export function recheckBeforeDelivery(
  customer: CustomerState | undefined,
  message: { channel: Channel; category: MessageRequest['category']; decidedAt: string },
  now: number,
  config: PolicyConfig,
): ReasonCode[] {
  if (!customer || erasedSince(customer, message.decidedAt)) return ['erased'];
  const reasons = addressReasons(customer, message.channel);
  if (message.category === 'promotional') reasons.push(...consentReasons(customer, message.channel, now, config));
  return reasons;
}
