import { toMs } from '../time.ts';
import type { Conversion, DecisionFields, DeliveryOutcome, Engagement, OutcomeRecord } from './records.ts';
import { instanceKey } from './records.ts';
import type { FunnelCounts, JourneyFunnel, MessageFunnel } from './report-model.ts';

/** How each count of the funnel is made: defined once here, printed by the report. */
export const FUNNEL_DEFINITIONS = [
  { term: 'entered', definition: 'Journey instances started: one customer entering one journey once.' },
  {
    term: 'asked',
    definition:
      'Messages a journey asked for, one per messageId however often it was decided (a deferred message decided ' +
      'again counts once).',
  },
  {
    term: 'sent / deferred / suppressed',
    definition:
      'Each asked message by its final decision (the latest by decision time): sent, still deferred when the data ' +
      'ends, or suppressed. The three add up to asked.',
  },
  {
    term: 'suppressed by reason',
    definition:
      'Suppressed messages under the first reason the policy recorded (the order in which it checks: exited, ' +
      'duplicate, missing identifier, consent, holdout, caps), so the reasons add up to suppressed. "Reasons ' +
      'cited" counts every reason of every suppressed message.',
  },
  { term: 'was deferred', definition: 'Asked messages deferred at least once (quiet hours), whatever came after.' },
  {
    term: 'delivered / bounced / failed / withheld',
    definition:
      'Sent messages by delivery outcome, each once: delivered if any attempt was delivered, else bounced, else ' +
      'failed, else withheld (the delivery-time re-check stopped it). Sent messages with no outcome yet are pending.',
  },
  {
    term: 'opened / clicked / complained',
    definition:
      'Sent messages with at least one open (a click counts as an open too: image blocking hides opens; opens a mail ' +
      'client made by itself, such as Apple Mail privacy protection, do not count), click or ' +
      'complaint; repeated opens of one message count once.',
  },
  {
    term: 'converted (journey)',
    definition:
      'Journey instances that reached the journey goal, once per instance, messaged or not (held-out customers ' +
      'convert too); revenue is the sum of their order values.',
  },
  {
    term: 'converted (message)',
    definition: 'Conversions the attribution rule gave to this message, among messages sent; revenue likewise.',
  },
  {
    term: 'messages per customer',
    definition: 'Messages sent to each customer a journey asked to message at least once (0 = asked, never sent).',
  },
] as const;

export interface MessageOutcome {
  first: DecisionFields;
  final: DecisionFields;
  wasDeferred: boolean;
}

/** Every asked message with its final decision: the latest `decidedAt`, the later record on a tie. */
export function finalDecisions(records: Iterable<OutcomeRecord>): Map<string, MessageOutcome> {
  const messages = new Map<string, MessageOutcome>();
  for (const record of records) {
    if (record.kind !== 'decision') continue;
    const decision = record.record;
    const known = messages.get(decision.messageId);
    if (!known) {
      messages.set(decision.messageId, {
        first: decision,
        final: decision,
        wasDeferred: decision.outcome === 'deferred',
      });
      continue;
    }
    known.wasDeferred ||= decision.outcome === 'deferred';
    if (toMs(decision.decidedAt) >= toMs(known.final.decidedAt)) known.final = decision;
  }
  return messages;
}

const DELIVERY_PRECEDENCE: ReadonlyArray<DeliveryOutcome['status']> = ['delivered', 'bounced', 'failed', 'withheld'];

export const emptyCounts = (): FunnelCounts => ({
  asked: 0,
  sent: 0,
  deferred: 0,
  suppressed: 0,
  suppressedBy: {},
  reasonsCited: {},
  wasDeferred: 0,
  delivered: 0,
  bounced: 0,
  failed: 0,
  withheld: 0,
  opened: 0,
  clicked: 0,
  complained: 0,
  converted: 0,
  revenue: 0,
});

const increment = (record: Record<string, number>, key: string, by = 1) => {
  record[key] = (record[key] ?? 0) + by;
};

const COUNT_KEYS = Object.keys(emptyCounts()) as Array<keyof FunnelCounts>;

function addCounts(into: FunnelCounts, from: FunnelCounts, keys = COUNT_KEYS): void {
  for (const key of keys) {
    const value = from[key];
    if (typeof value === 'number') (into[key] as number) += value;
    else for (const [name, n] of Object.entries(value)) increment(into[key] as Record<string, number>, name, n);
  }
}

interface Facts {
  delivery: Map<string, Set<DeliveryOutcome['status']>>;
  engagement: Map<string, Set<Engagement['action']>>;
  /** One conversion per journey instance: the earliest. */
  conversions: Map<string, Conversion>;
}

/** The conversion of each journey instance (by `instanceKey`): the earliest, if several were recorded. */
export function conversionsByInstance(records: Iterable<OutcomeRecord>): Map<string, Conversion> {
  const conversions = new Map<string, Conversion>();
  for (const record of records) {
    if (record.kind !== 'conversion') continue;
    const key = instanceKey(record);
    const known = conversions.get(key);
    if (!known || toMs(record.at) < toMs(known.at)) conversions.set(key, record);
  }
  return conversions;
}

function collectFacts(records: Iterable<OutcomeRecord>): Facts {
  const facts: Facts = { delivery: new Map(), engagement: new Map(), conversions: conversionsByInstance(records) };
  const add = <T>(map: Map<string, Set<T>>, key: string, value: T) =>
    map.set(key, (map.get(key) ?? new Set()).add(value));
  for (const record of records) {
    if (record.kind === 'delivery') add(facts.delivery, record.messageId, record.status);
    else if (record.kind === 'engagement') add(facts.engagement, record.messageId, record.action);
  }
  return facts;
}

function countMessage(counts: FunnelCounts, outcome: MessageOutcome, facts: Facts): void {
  const { final } = outcome;
  counts.asked += 1;
  if (outcome.wasDeferred) counts.wasDeferred += 1;
  if (final.outcome === 'deferred') counts.deferred += 1;
  if (final.outcome === 'suppressed') {
    counts.suppressed += 1;
    increment(counts.suppressedBy, final.reasons[0] ?? 'unknown');
    for (const reason of new Set(final.reasons)) increment(counts.reasonsCited, reason);
  }
  if (final.outcome !== 'send') return;
  counts.sent += 1;
  const statuses = facts.delivery.get(final.messageId);
  const status = DELIVERY_PRECEDENCE.find((candidate) => statuses?.has(candidate));
  if (status) counts[status] += 1;
  const actions = facts.engagement.get(final.messageId);
  if (actions?.has('opened') || actions?.has('clicked')) counts.opened += 1;
  if (actions?.has('clicked')) counts.clicked += 1;
  if (actions?.has('complained')) counts.complained += 1;
}

/**
 * The funnel of every journey and of each of its messages, from a stream of outcome records in any order.
 * Each count is defined once, in `FUNNEL_DEFINITIONS`. Journeys and messages come sorted by id and name.
 */
export function buildFunnels(records: readonly OutcomeRecord[]): JourneyFunnel[] {
  const facts = collectFacts(records);
  const journeys = new Map<string, JourneyFunnel>();
  const journey = (journeyId: string): JourneyFunnel => {
    let funnel = journeys.get(journeyId);
    if (!funnel) {
      funnel = { journeyId, entered: 0, exited: {}, messages: [], ...emptyCounts() };
      journeys.set(journeyId, funnel);
    }
    return funnel;
  };
  const entered = new Set<string>();
  const exited = new Set<string>();
  for (const record of records) {
    const key = record.kind === 'entered' || record.kind === 'exited' ? instanceKey(record) : '';
    if (record.kind === 'entered' && !entered.has(key)) {
      entered.add(key);
      journey(record.journeyId).entered += 1;
    } else if (record.kind === 'exited' && !exited.has(key)) {
      exited.add(key);
      increment(journey(record.journeyId).exited, record.outcome);
    }
  }

  const messages = new Map<string, MessageFunnel>();
  const sentMessages = new Map<string, MessageFunnel>();
  for (const outcome of finalDecisions(records).values()) {
    const { journeyId, message } = outcome.first;
    const key = `${journeyId}\u0000${message}`;
    let funnel = messages.get(key);
    if (!funnel) {
      funnel = { message, ...emptyCounts() };
      messages.set(key, funnel);
      journey(journeyId).messages.push(funnel);
    }
    countMessage(funnel, outcome, facts);
    if (outcome.final.outcome === 'send') sentMessages.set(outcome.final.messageId, funnel);
  }

  for (const conversion of facts.conversions.values()) {
    const funnel = journey(conversion.journeyId);
    funnel.converted += 1;
    funnel.revenue += conversion.revenue ?? 0;
    const message = conversion.messageId ? sentMessages.get(conversion.messageId) : undefined;
    if (!message) continue;
    message.converted += 1;
    message.revenue += conversion.revenue ?? 0;
  }

  for (const funnel of journeys.values()) {
    funnel.messages.sort((a, b) => a.message.localeCompare(b.message));
    const messageCounts = COUNT_KEYS.filter((key) => key !== 'converted' && key !== 'revenue');
    for (const message of funnel.messages) addCounts(funnel, message, messageCounts);
  }
  return [...journeys.values()].sort((a, b) => a.journeyId.localeCompare(b.journeyId));
}
