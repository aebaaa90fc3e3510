import type { ConsentProof, DecisionRecord } from '../../core/customer/outbox.ts';
import { type StoredRequest, storedRequest } from '../../core/customer/request.ts';
import type {
  ConsentKey,
  CustomerState,
  EntryRefusal,
  JourneyInstance,
  PendingTimer,
} from '../../core/customer/state.ts';
import type { Channel } from '../../core/events/schemas.ts';
import type { ReasonCode } from '../../core/policy/config.ts';
import { toIso } from '../../core/time.ts';
import type { DeliveryOutcome } from './deliveries.ts';
import { type OutcomeSummary, summarizeOutcomes } from './summary.ts';

/** What `why` was asked, besides the records it reads. */
export interface ExplainOptions {
  now: number;
  /** Decisions before this time (epoch ms) are left out. */
  since: number;
  /** As the operator typed it, e.g. `7d`. */
  sinceText?: string;
  customerId?: string;
  /** Where the records came from, e.g. `local data in .data`. */
  source?: string;
  /** Journeys in the registry, to list those the customer never entered. */
  knownJourneys?: readonly string[];
  /** `message.sent` / `message.failed` outcomes, where the source keeps them (locally). */
  deliveries?: readonly DeliveryOutcome[];
}

export interface TimerView {
  kind: PendingTimer['kind'];
  dueAt: string;
  journeyId?: string;
  /** What fires, in words: `after reminderGap`, `deferred cart-reminder (email)`. */
  what: string;
}

export interface JourneyView {
  journeyId: string;
  version: number;
  status: 'active' | 'exited';
  outcome?: string;
  enteredAt: string;
  exitedAt?: string;
  entries: number;
  /** Current state value as a dotted path (parallel regions joined with `, `). */
  state: string;
  timers: TimerView[];
  /** A shadow version's instance (decision 0011): it decides, sends nothing. */
  shadow?: true;
}

export interface ConsentView {
  channel: string;
  purpose: string;
  granted: boolean;
  at: string;
  source: string;
  wordingVersion: string;
  /** How many proofs the consent history holds for this channel × purpose. */
  changes: number;
}

/** Everything `why` prints, as data: the `--json` output and the input of the text format. */
export interface Explanation {
  customerId?: string;
  pseudonym: string;
  source?: string;
  generatedAt: string;
  since: string;
  sinceText?: string;
  customer: {
    stored: boolean;
    version: number;
    erasedAt?: string;
    closedAt?: string;
    timeZone?: string;
    country?: string;
    locale?: string;
    /** Channels with an address on file (never the address). */
    addresses: Channel[];
    lastActivityAt?: string;
  };
  journeys: JourneyView[];
  notEntered: string[];
  /** The latest trigger each journey turned away on its entry filter or segment (absent once one enters). */
  entryRefusals: Array<EntryRefusal & { journeyId: string }>;
  /** Timers of the customer rather than of one journey: inactivity, scheduled erasure. */
  customerTimers: TimerView[];
  consent: ConsentView[];
  decisions: DecisionRecord[];
  /** Latest delivery outcome per messageId of the decisions shown; absent when the source has none (AWS). */
  deliveries?: Record<string, DeliveryOutcome>;
  summary: OutcomeSummary;
}

type StateValue = string | { [region: string]: StateValue };

export function stateValueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return String(value);
  return Object.entries(value as Record<string, StateValue>)
    .map(([region, inner]) => `${region}.${stateValueText(inner)}`)
    .join(', ');
}

/** `xstate.after.reminderGap.cart.cartIdle` → `after reminderGap`. */
function timerEventText(event: string): string {
  const after = /^xstate\.after\.([^.]+)\./.exec(event);
  return after ? `after ${after[1]}` : event;
}

export function timerView(timer: PendingTimer): TimerView {
  switch (timer.kind) {
    case 'journey': {
      const event = timer.event ?? timer.id.slice(timer.journeyId.length + 1);
      return { kind: timer.kind, dueAt: timer.fireAt, journeyId: timer.journeyId, what: timerEventText(event) };
    }
    case 'deferred':
      return {
        kind: timer.kind,
        dueAt: timer.fireAt,
        journeyId: timer.request.journeyId,
        what: `deferred ${timer.request.template} (${storedRequest(timer.request as StoredRequest).channels.join('→')}), decided again then`,
      };
    case 'inactivity':
      return {
        kind: timer.kind,
        dueAt: timer.fireAt,
        what: 're-engagement may start if there is no activity until then',
      };
    case 'erasure':
      return { kind: timer.kind, dueAt: timer.fireAt, what: 'erasure of all data (account closed; grace period ends)' };
    case 'export':
      return { kind: timer.kind, dueAt: timer.fireAt, what: `data export ${timer.requestId}, once late events are in` };
  }
}

function consentViews(state: CustomerState, history: readonly ConsentProof[]): ConsentView[] {
  return (Object.entries(state.consent) as Array<[ConsentKey, NonNullable<CustomerState['consent'][ConsentKey]>]>)
    .map(([key, entry]) => {
      const [channel = '', purpose = ''] = key.split(':');
      return {
        channel,
        purpose,
        granted: entry.granted,
        at: entry.at,
        source: entry.source,
        wordingVersion: entry.wordingVersion,
        changes: history.filter((proof) => proof.channel === channel && proof.purpose === purpose).length,
      };
    })
    .sort((a, b) => a.channel.localeCompare(b.channel) || a.purpose.localeCompare(b.purpose));
}

function latestDeliveries(outcomes: readonly DeliveryOutcome[], decisions: readonly DecisionRecord[]) {
  const wanted = new Set(decisions.map((decision) => decision.messageId));
  const latest = new Map<string, DeliveryOutcome>();
  for (const outcome of [...outcomes].sort((a, b) => a.at.localeCompare(b.at))) {
    if (wanted.has(outcome.messageId)) latest.set(outcome.messageId, outcome);
  }
  return latest;
}

/** Builds the explanation of one customer from its stored item, decision log and consent history. Pure. */
export function explainCustomer(
  state: CustomerState,
  decisions: readonly DecisionRecord[],
  consentHistory: readonly ConsentProof[],
  options: ExplainOptions,
): Explanation {
  const since = toIso(options.since);
  const timers = [...state.timers].sort((a, b) => a.fireAt.localeCompare(b.fireAt)).map(timerView);
  const view = (journeyId: string, instance: JourneyInstance, ownTimers: TimerView[]): JourneyView => ({
    journeyId,
    version: instance.version,
    status: instance.status,
    ...(instance.outcome ? { outcome: instance.outcome } : {}),
    enteredAt: instance.enteredAt,
    ...(instance.exitedAt ? { exitedAt: instance.exitedAt } : {}),
    entries: instance.entries,
    state: stateValueText(instance.snapshot.value),
    timers: ownTimers,
  });
  const shadows = Object.entries(state.shadows ?? {}).flatMap(([journeyId, lane]) =>
    lane.instance
      ? [{ ...view(journeyId, lane.instance, (lane.timers ?? []).map(timerView)), shadow: true as const }]
      : [],
  );
  const journeys = Object.entries(state.journeys)
    .map(([journeyId, instance]) =>
      view(
        journeyId,
        instance,
        timers.filter((timer) => timer.journeyId === journeyId),
      ),
    )
    .concat(shadows)
    .sort((a, b) => a.enteredAt.localeCompare(b.enteredAt));
  const shown = decisions.filter((decision) => decision.decidedAt >= since);
  const deliveries = options.deliveries ? latestDeliveries(options.deliveries, shown) : undefined;
  return {
    ...(options.customerId ? { customerId: options.customerId } : {}),
    pseudonym: state.pseudonym,
    ...(options.source ? { source: options.source } : {}),
    generatedAt: toIso(options.now),
    since,
    ...(options.sinceText ? { sinceText: options.sinceText } : {}),
    customer: {
      stored: state.v > 0,
      version: state.v,
      ...(state.erasedAt ? { erasedAt: state.erasedAt } : {}),
      ...(state.closedAt ? { closedAt: state.closedAt } : {}),
      ...(state.tz ? { timeZone: state.tz } : {}),
      ...(state.country ? { country: state.country } : {}),
      ...(state.locale ? { locale: state.locale } : {}),
      addresses: (Object.keys(state.has) as Channel[]).filter((channel) => state.has[channel]).sort(),
      ...(state.lastActivityAt ? { lastActivityAt: state.lastActivityAt } : {}),
    },
    journeys,
    notEntered: (options.knownJourneys ?? []).filter((id) => !state.journeys[id]),
    entryRefusals: Object.entries(state.entryRefusals ?? {})
      .map(([journeyId, refusal]) => ({ journeyId, ...refusal }))
      .sort((a, b) => a.at.localeCompare(b.at)),
    customerTimers: timers.filter((timer) => timer.journeyId === undefined),
    consent: consentViews(state, consentHistory),
    decisions: [...shown].sort((a, b) => a.decidedAt.localeCompare(b.decidedAt)),
    ...(deliveries ? { deliveries: Object.fromEntries(deliveries) } : {}),
    summary: summarizeOutcomes(shown, deliveries),
  };
}

/** Reason codes in plain words, for the end of the explanation (DESIGN.md §7). */
export const REASON_MEANINGS: Record<ReasonCode, string> = {
  no_consent: 'no marketing consent for this channel (never given, or withdrawn)',
  no_profiling_consent:
    'the message is built from behaviour (viewed products, cart, purchase history) and the country requires ' +
    'profiling consent, which the customer has not given: its generic version was sent, or, without one, nothing',
  consent_stale: 'marketing consent older than the country allows (KR: 2 years); a reconfirmation was requested',
  night_consent_missing: 'it fell in quiet hours and the customer has no night_marketing consent (KR)',
  frequency_cap: 'a promotional cap was reached (2 per 24 h, 5 per 7 days, SMS 1 per 24 h)',
  priority_conflict: 'a higher-priority journey got the one promotional message of that moment',
  journey_cap: "the journey's own cap (e.g. re-engagement once per 30 days)",
  journey_budget:
    "the journey's budget across all customers was used up: its daily cap (deferred to the next day, or suppressed if the journey says so) or its total cap (suppressed)",
  journey_paused: 'the journey was paused by an operator; the message is held and looked at again until it resumes',
  quiet_hours:
    'recipient local time was in quiet hours (21:00-08:00; US SMS only 08:00-21:00); moved to the next open slot',
  outside_open_hours:
    "outside the journey's open hours for this channel and weekday (recipient local time); moved to the next open slot",
  closed_day:
    "a closed day of the journey (a public holiday of the recipient's country, e.g. 추석, or its own closed days); " +
    'moved to the next open day',
  holdout: 'the customer is in the fixed 5 % holdout group that gets no promotional messages (lift measurement)',
  missing_identifier: 'no address on file for this channel (e.g. no email in the profile)',
  missing_variable: 'the message needs a fact the journey did not have (e.g. an empty price), so it was not sent',
  undeliverable: 'the address bounced hard or the customer complained; it stays suppressed until the contact changes',
  no_template: 'the message template has no version for this channel',
  duplicate: 'this exact message (same messageId) was already sent',
  exited: 'the journey ended before the message was due',
  erased: 'the customer was erased',
};
