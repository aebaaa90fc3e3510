import type { SkippedChannel } from '../customer/outbox.ts';
import type { MessageRequest } from '../customer/request.ts';
import type { CustomerState } from '../customer/state.ts';
import type { Channel } from '../events/schemas.ts';
import { bucketOf } from '../hash.ts';
import type { JourneyCap, JourneyLimits } from '../journey-runtime/definition.ts';
import { pausedRecheckOf } from '../journey-runtime/lifecycle.ts';
import type { TemplateCatalog } from '../ports/messaging.ts';
import { toIso, toMs } from '../time.ts';
import type { CountryRule, PolicyConfig, ReasonCode } from './config.ts';
import { type BudgetRefusal, budgetApplies, budgetDecision } from './journey-budget.ts';
import { ALL_DAY, hourSpans, nextOpenSlot, type SlotConstraint } from './open-slot.ts';
import { closedDates, openMinutes, type SendWindows } from './send-windows.ts';

/** Which listed channel carries a message, and why the others cannot (DESIGN.md §13). */
export interface ChannelChoice {
  /** The channel chosen; when no listed channel can carry the message, the first one listed. */
  channel: Channel;
  /** Listed channels that cannot carry the message now, in list order, with their reasons. */
  skipped: SkippedChannel[];
  /** Listed channels after the chosen one that can: tried in order when a send on the chosen one fails. */
  fallbacks: Channel[];
}

/** What the policy decided, whatever the channel. */
export type DecisionOutcome =
  /** `generic`: the message's generic version goes out instead, for want of profiling consent. */
  | { outcome: 'send'; reasons: []; generic?: true }
  | { outcome: 'suppressed'; reasons: ReasonCode[] }
  | { outcome: 'deferred'; reasons: ReasonCode[]; until: string };

export type Decision = ChannelChoice & DecisionOutcome;

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
  /** The templates there are; absent, every listed channel counts as having one. */
  templates?: TemplateCatalog;
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

/** Whether the customer's recent sends reached a cap: all promotional sends, or those that may go on its channel. */
function capReached(customer: CustomerState, cap: PolicyConfig['caps'][number], now: number): boolean {
  const counts = (sent: CustomerState['sent'][number]) =>
    !cap.channel || sent.channel === cap.channel || (sent.fallbacks?.includes(cap.channel) ?? false);
  return countSince(customer, now - cap.window, counts) >= cap.max;
}

/** Caps on every promotional message whatever its channel: the house caps without a channel, the journey's own. */
function messageCapReasons({ customer, request, now, config, journeyCaps }: DecideInput): ReasonCode[] {
  const reasons: ReasonCode[] = [];
  if (config.caps.some((cap) => !cap.channel && capReached(customer, cap, now))) reasons.push('frequency_cap');
  const overJourney = journeyCaps.some(
    (cap) => countSince(customer, now - cap.window, (sent) => sent.journeyId === request.journeyId) >= cap.max,
  );
  if (overJourney) reasons.push('journey_cap');
  return reasons;
}

/** The local spans quiet hours leave open, or undefined when there are none or night consent lifts them. */
function quietHoursConstraint({ customer, config }: DecideInput, channel: Channel, rule: CountryRule | undefined) {
  const { startHour, endHour } = config.quietHours;
  if (startHour === endHour) return undefined;
  if (rule?.nightConsentLiftsQuietHours && customer.consent[`${channel}:night_marketing`]?.granted) {
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
function sendWindowDeferral(
  input: DecideInput,
  channel: Channel,
): { outcome: 'deferred'; reasons: ReasonCode[]; until: string } | undefined {
  const { customer, config, sendWindows } = input;
  const rule = customer.country ? config.countryRules[customer.country] : undefined;
  const constraints: SlotConstraint[] = [];
  if (sendWindows?.openHours?.[channel]) {
    constraints.push({
      reason: 'outside_open_hours',
      allowed: (weekday) => openMinutes(sendWindows, channel, weekday) ?? ALL_DAY,
    });
  }
  if (rule?.smsWindow && channel === 'sms') {
    const open = hourSpans(rule.smsWindow.startHour, rule.smsWindow.endHour);
    constraints.push({ reason: 'quiet_hours', allowed: () => open });
  }
  const quiet = quietHoursConstraint(input, channel, rule);
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

/** Why one listed channel cannot carry the message now: address, template, and for promotional ones consent and caps. */
function channelReasons(input: DecideInput, channel: Channel): ReasonCode[] {
  const { customer, request, now, config } = input;
  const reasons = addressReasons(customer, channel);
  if (input.templates && !input.templates.has(request.template, channel)) reasons.push('no_template');
  if (request.category === 'promotional') {
    reasons.push(...consentReasons(customer, channel, now, config));
    if (config.caps.some((cap) => cap.channel === channel && capReached(customer, cap, now))) {
      reasons.push('frequency_cap');
    }
  }
  return reasons;
}

/** The order reasons are reported in: the order the policy checks them (reasons it does not know of go last). */
const REASON_ORDER: readonly ReasonCode[] = [
  'missing_identifier',
  'undeliverable',
  'no_template',
  'no_consent',
  'consent_stale',
  'holdout',
  'frequency_cap',
  'journey_cap',
];

function inCheckOrder(reasons: readonly ReasonCode[]): ReasonCode[] {
  const rank = (reason: ReasonCode) => {
    const at = REASON_ORDER.indexOf(reason);
    return at === -1 ? REASON_ORDER.length : at;
  };
  return [...new Set(reasons)].sort((a, b) => rank(a) - rank(b));
}

/**
 * The policy layer: picks the first listed channel with an address, a template and (promotional) consent and room
 * under its caps, then sends, defers (quiet hours, open hours, closed days, a paused journey: never dropped) or
 * suppresses with every reason that applies; the other usable channels are the fallbacks. Transactional messages are
 * exempt from consent, caps, holdout, quiet hours, send windows and the journey budget, never from a missing address
 * or a pause.
 * A behaviour-based message without the profiling consent its country requires goes out as its generic version, or
 * is suppressed `no_profiling_consent` when it has none.
 */
export function decide(input: DecideInput): Decision {
  const { customer, request } = input;
  const listed = request.channels;
  const first = listed[0] as Channel;
  if (!input.journeyStillWants) {
    return { outcome: 'suppressed', reasons: ['exited'], channel: first, skipped: [], fallbacks: [] };
  }
  if (customer.sent.some((sent) => sent.messageId === request.messageId)) {
    return { outcome: 'suppressed', reasons: ['duplicate'], channel: first, skipped: [], fallbacks: [] };
  }
  if (input.journeyPaused) {
    const until = toIso(input.now + pausedRecheckOf(input.config));
    return { outcome: 'deferred', reasons: ['journey_paused'], until, channel: first, skipped: [], fallbacks: [] };
  }
  const usable: Channel[] = [];
  const skipped: SkippedChannel[] = [];
  for (const channel of listed) {
    const reasons = channelReasons(input, channel);
    if (reasons.length === 0) usable.push(channel);
    else skipped.push({ channel, reasons });
  }
  const [chosen, ...fallbacks] = usable;
  const choice = { channel: chosen ?? first, skipped, fallbacks };
  const reasons = chosen ? [] : skipped.flatMap((skip) => skip.reasons);
  if (request.missingVariables?.length) reasons.push('missing_variable');
  const generic = request.profiling !== undefined && lacksProfilingConsent(customer, chosen ?? first, input.config);
  if (generic && !request.profiling?.generic) reasons.push('no_profiling_consent');
  if (request.category === 'promotional') {
    if (inHoldout(customer.pseudonym, input.config)) reasons.push('holdout');
    reasons.push(...messageCapReasons(input));
  }
  if (!chosen || reasons.length > 0) return { outcome: 'suppressed', reasons: inCheckOrder(reasons), ...choice };
  if (request.category === 'promotional') {
    const deferral = sendWindowDeferral(input, chosen);
    if (deferral) return { ...deferral, ...choice };
  }
  if (input.budgetRefusal && budgetApplies(input.limits, request.category)) {
    return { ...budgetDecision(input.budgetRefusal, input.limits, input.now, input.config), ...choice };
  }
  return { outcome: 'send', reasons: [], ...(generic ? { generic: true as const } : {}), ...choice };
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
