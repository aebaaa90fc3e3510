import { assign, setup } from 'xstate';
import type { JourneyEventOf } from '../core/events/journey-events.ts';
import {
  type CarriedFacts,
  defineJourney,
  type JourneyInput,
  journeyMessages,
} from '../core/journey-runtime/definition.ts';
import { days, toIso, toMs } from '../core/time.ts';
import { PRIORITY } from './policy.ts';

type OrderPlaced = JourneyEventOf<'order.placed'>;

/** How the customer's repurchase interval is learned from their own orders (whole UTC days). */
export const RHYTHM = {
  /** Gaps kept between the latest orders, newest last: the whole memory of the journey. */
  keptGaps: 4,
  /** Gaps needed before an interval is trusted (three orders on different days). */
  minGaps: 2,
  /** Every kept gap within this fraction of their median, or the customer has no rhythm (yet). */
  tolerance: 0.5,
  /** Shorter intervals are routine restocking that needs no reminder; longer ones are not a rhythm within a year. */
  minIntervalDays: 14,
  maxIntervalDays: 180,
} as const;

/** An order after the reminder within this long counts as the reminder's conversion. */
export const ATTRIBUTION_WINDOW = days(14);

/** The order history a customer's entries hand on to each other: two numbers and a short list, no identifiers. */
export interface OrderRhythmMemory {
  /** Day (days since 1970-01-01 UTC) of the latest order. */
  lastOrderDay: number;
  /** Whole days between consecutive orders on different days, newest last, at most `RHYTHM.keptGaps`. */
  gaps: number[];
}

const dayOf = (iso: string) => Math.floor(toMs(iso) / days(1));

/** The memory after one more order: a gap is recorded only for an order on a later day than the latest. */
export function rememberOrder(memory: OrderRhythmMemory | undefined, occurredAt: string): OrderRhythmMemory {
  const day = dayOf(occurredAt);
  if (!memory) return { lastOrderDay: day, gaps: [] };
  if (day <= memory.lastOrderDay) return memory;
  return { lastOrderDay: day, gaps: [...memory.gaps, day - memory.lastOrderDay].slice(-RHYTHM.keptGaps) };
}

/** The customer's repurchase interval in days when their gaps are regular and in range; null otherwise. */
export function repurchaseInterval(gaps: readonly number[]): number | null {
  if (gaps.length < RHYTHM.minGaps) return null;
  const sorted = [...gaps].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  if (median < RHYTHM.minIntervalDays || median > RHYTHM.maxIntervalDays) return null;
  const regular = gaps.every((gap) => Math.abs(gap - median) <= RHYTHM.tolerance * median);
  return regular ? Math.round(median) : null;
}

/** Days before the expected order the reminder goes out: a tenth of the interval, 2 to 7 days. */
export const reminderLeadDays = (intervalDays: number) => Math.min(7, Math.max(2, Math.round(intervalDays / 10)));

interface ReplenishmentContext extends OrderRhythmMemory {
  intervalDays: number | null;
  /** The interval in months (from 28 days) or weeks, for the message's wording. */
  everyMonths: number | null;
  everyWeeks: number | null;
  /** The latest order, for the message (order facts, as the purchase journey keeps them). */
  orderId: string;
  total: number;
  currency: string;
  lastOrderDate: string;
  /** Whether this entry's reminder was asked for: only then does an order count as its conversion. */
  reminded: boolean;
}

function contextAfter(memory: OrderRhythmMemory, order: OrderPlaced, reminded: boolean): ReplenishmentContext {
  const intervalDays = repurchaseInterval(memory.gaps);
  const months = intervalDays !== null && intervalDays >= 28 ? Math.round(intervalDays / 30) : null;
  return {
    ...memory,
    intervalDays,
    everyMonths: months,
    everyWeeks: intervalDays !== null && months === null ? Math.round(intervalDays / 7) : null,
    orderId: order.orderId,
    total: order.total,
    currency: order.currency,
    lastOrderDate: toIso(memory.lastOrderDay * days(1)).slice(0, 10),
    reminded,
  };
}

function memoryOf(carried: Readonly<Record<string, unknown>> | undefined): OrderRhythmMemory | undefined {
  const { lastOrderDay, gaps } = carried ?? {};
  if (typeof lastOrderDay !== 'number' || !Array.isArray(gaps)) return undefined;
  return { lastOrderDay, gaps: gaps.filter((gap) => Number.isInteger(gap) && gap > 0) };
}

const orderedLater = (context: ReplenishmentContext, event: OrderPlaced) =>
  dayOf(event.occurredAt) > context.lastOrderDay;

const { messages, sendMessage } = journeyMessages({
  replenishmentReminder: {
    channels: ['email'],
    template: 'replenishment-reminder',
    category: 'promotional',
    variables: ['intervalDays', 'everyMonths', 'everyWeeks', 'orderId', 'total', 'currency', 'lastOrderDate'],
    // The timing itself comes from the purchase history: behaviour-based, and without it there is nothing to say.
    profiling: {},
  },
});

const machine = setup({
  types: {} as { context: ReplenishmentContext; events: OrderPlaced; input: JourneyInput<OrderPlaced> },
  delays: {
    untilReminder: ({ context }) => {
      const interval = context.intervalDays ?? RHYTHM.maxIntervalDays;
      return days(interval - reminderLeadDays(interval));
    },
    attributionWindow: ATTRIBUTION_WINDOW,
  },
  guards: {
    hasRhythm: ({ context }) => context.intervalDays !== null,
    orderedLater: ({ context, event }) => orderedLater(context, event),
    completesRhythm: ({ context, event }) =>
      orderedLater(context, event) && repurchaseInterval(rememberOrder(context, event.occurredAt).gaps) !== null,
  },
  actions: {
    sendMessage,
    recordOrder: assign(({ context, event }) =>
      contextAfter(rememberOrder(context, event.occurredAt), event, context.reminded),
    ),
    markReminded: assign({ reminded: true }),
  },
}).createMachine({
  id: 'replenishment',
  context: ({ input }) =>
    contextAfter(rememberOrder(memoryOf(input.carried), input.trigger.occurredAt), input.trigger, false),
  initial: 'starting',
  states: {
    starting: { always: [{ guard: 'hasRhythm', target: 'waiting' }, { target: 'learning' }] },
    learning: {
      on: {
        'order.placed': [
          { guard: 'completesRhythm', target: 'rhythmFound', actions: 'recordOrder' },
          { guard: 'orderedLater', actions: 'recordOrder' },
        ],
      },
    },
    waiting: {
      after: { untilReminder: 'reminded' },
      on: { 'order.placed': { guard: 'orderedLater', target: 'reorderedBeforeReminder', actions: 'recordOrder' } },
    },
    reminded: {
      entry: ['markReminded', { type: 'sendMessage', params: { message: 'replenishmentReminder' } }],
      after: { attributionWindow: 'lapsed' },
      on: { 'order.placed': { target: 'reordered', actions: 'recordOrder' } },
    },
    rhythmFound: { type: 'final' },
    reorderedBeforeReminder: { type: 'final' },
    reordered: { type: 'final' },
    lapsed: { type: 'final' },
  },
});

/**
 * Replenishment ("3개월마다 구매하는 상품"): learns each customer's repurchase interval from their own orders (the
 * median of the last gaps between orders on different days, when they are regular and 14 to 180 days) and reminds them
 * shortly before the next expected order. Each cycle is one entry, from an order to the next: the order that ends it
 * starts the next one and hands on the rhythm memory (`carryOver`), so a conversion is counted per reminder. Promotional
 * and behaviour-based: marketing and (KR) profiling consent, caps, quiet hours and holdout apply.
 */
export const replenishmentJourney = defineJourney({
  id: 'replenishment',
  version: 1,
  goal: 'Bring repeat buyers back on their own rhythm: a reminder shortly before their next expected order.',
  priority: PRIORITY.replenishment,
  entry: { triggers: ['order.placed'], reenterOnExit: true },
  messages,
  caps: [{ max: 1, window: days(RHYTHM.minIntervalDays) }],
  conversion: {
    event: 'order.placed',
    window: days(RHYTHM.maxIntervalDays) + ATTRIBUTION_WINDOW,
    touchWindow: ATTRIBUTION_WINDOW,
    matches: (facts) => facts.reminded === true,
  },
  onConflict: 'defer',
  machine,
  carryOver: (context): CarriedFacts => {
    const memory = memoryOf(context);
    return memory ? { lastOrderDay: memory.lastOrderDay, gaps: memory.gaps } : {};
  },
});
