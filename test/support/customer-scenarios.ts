import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { DetailType } from '../../core/events/schemas.ts';
import { days, hours, minutes } from '../../core/time.ts';
import type { Scenario, ScenarioEvent, ScenarioOp } from './customer-simulation.ts';

/** Runs per property: 1,000 in CI, 10,000 with PROPERTIES_HEAVY=1, or exactly PROPERTIES_RUNS. */
export function propertyRuns(): number {
  const explicit = Number(process.env.PROPERTIES_RUNS);
  if (Number.isInteger(explicit) && explicit > 0) return explicit;
  return process.env.PROPERTIES_HEAVY === '1' ? 10_000 : 1_000;
}

/** A test timeout that grows with the number of runs. */
export const propertyTimeout = (perThousandRuns = 60_000): number =>
  Math.max(perThousandRuns, (propertyRuns() / 1000) * perThousandRuns);

type Draft = Omit<ScenarioEvent, 'eventId'>;

const zones = [
  'UTC',
  'Asia/Seoul',
  'America/New_York',
  'America/Los_Angeles',
  'Europe/Berlin',
  'Asia/Kolkata',
  'America/St_Johns',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/Santiago',
];

const product = fc.constantFrom('sku-1', 'sku-2', 'sku-3');
const money = fc.integer({ min: 0, max: 50_000 }).map((cents) => cents / 100);

/** When an event occurred relative to its receipt: mostly just before, at times ahead by up to the 5 min skew. */
const offset = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 600 }).map((seconds) => seconds * 1000) },
  { weight: 2, arbitrary: fc.integer({ min: -300, max: 0 }).map((seconds) => seconds * 1000) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: days(6) / 1000 }).map((seconds) => seconds * 1000) },
);

const drafted = (type: DetailType, payload: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Draft> =>
  fc.record({ type: fc.constant(type), payload, offset });

const profile = drafted(
  'customer.profile_updated',
  fc.record(
    {
      contact: fc.record(
        { email: fc.constant('a@example.com'), phone: fc.constantFrom('+14155550100', '+821012345678') },
        { requiredKeys: [] },
      ),
      timeZone: fc.constantFrom(...zones),
      country: fc.constantFrom('KR', 'US', 'DE', 'GB', 'JP'),
    },
    { requiredKeys: [] },
  ),
);

export const consentChange = drafted(
  'consent.changed',
  fc.record({
    channel: fc.constantFrom('email', 'sms', 'all'),
    purpose: fc.constantFrom('marketing', 'marketing', 'night_marketing', 'profiling'),
    granted: fc.boolean(),
    source: fc.constant('property-test'),
    wordingVersion: fc.constant('v1'),
  }),
);

const cartChange = (type: 'cart.item_added' | 'cart.item_removed') =>
  drafted(
    type,
    fc.record({
      cartId: fc.constant('cart-1'),
      productId: product,
      quantity: fc.constant(1),
      itemCount: fc.integer({ min: type === 'cart.item_added' ? 1 : 0, max: 3 }),
    }),
  );

const customerEvent: fc.Arbitrary<Draft> = fc.oneof(
  { weight: 3, arbitrary: profile },
  { weight: 4, arbitrary: consentChange },
  { weight: 4, arbitrary: drafted('product.viewed', fc.record({ productId: product })) },
  { weight: 4, arbitrary: cartChange('cart.item_added') },
  { weight: 2, arbitrary: cartChange('cart.item_removed') },
  {
    weight: 1,
    arbitrary: drafted(
      'checkout.started',
      fc.record({ cartId: fc.constant('cart-1'), cartValue: money, currency: fc.constant('EUR') }),
    ),
  },
  {
    weight: 3,
    arbitrary: drafted(
      'order.placed',
      fc.record({
        orderId: fc.constantFrom('o-1', 'o-2', 'o-3'),
        total: money,
        currency: fc.constant('EUR'),
        items: fc.constant([{ productId: 'sku-1', quantity: 1, price: 1 }]),
      }),
    ),
  },
  { weight: 1, arbitrary: drafted('customer.account_closed', fc.constant({})) },
  { weight: 1, arbitrary: drafted('privacy.erasure_requested', fc.constant({ requestId: 'erase-1' })) },
  { weight: 1, arbitrary: drafted('privacy.export_requested', fc.constant({ requestId: 'export-1' })) },
);

/** Clock advances: mostly minutes to hours (journey delays, quiet hours), at times days, rarely years. */
const advance = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: hours(6) / 1000 }).map((seconds) => seconds * 1000) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: days(8) / minutes(1) }).map((n) => minutes(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 120 }).map((n) => days(n)) },
  { weight: 1, arbitrary: fc.constantFrom(days(400), days(731), days(800)) },
);

type DraftOp = { kind: 'receive'; events: Draft[] } | Exclude<ScenarioOp, { kind: 'receive' }>;

const op: fc.Arbitrary<DraftOp> = fc.oneof(
  { weight: 5, arbitrary: customerEvent.map((event) => ({ kind: 'receive' as const, events: [event] })) },
  {
    weight: 2,
    arbitrary: fc
      .array(customerEvent, { minLength: 2, maxLength: 4 })
      .map((events) => ({ kind: 'receive' as const, events })),
  },
  { weight: 5, arbitrary: advance.map((ms) => ({ kind: 'advance' as const, ms })) },
  { weight: 2, arbitrary: fc.nat().map((by) => ({ kind: 'untilDue' as const, by })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: 'redeliver' as const, pick })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'deliver' as const }) },
);

/** A profile with an address on both channels and marketing consent on both, received at once. */
const onboarding: DraftOp = {
  kind: 'receive',
  events: [
    {
      type: 'customer.profile_updated',
      payload: { contact: { email: 'a@example.com', phone: '+14155550100' } },
      offset: 0,
    },
    ...(['email', 'sms'] as const).map((channel) => ({
      type: 'consent.changed' as const,
      payload: { channel, purpose: 'marketing', granted: true, source: 'signup', wordingVersion: 'v1' },
      offset: 0,
    })),
  ],
};

const uuidOf = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Gives every event of the scenario its own eventId (and privacy request its own requestId), by position. */
function numbered(ops: DraftOp[]): ScenarioOp[] {
  let n = 0;
  const withIds = (event: Draft): ScenarioEvent => {
    n += 1;
    const payload = 'requestId' in event.payload ? { ...event.payload, requestId: `request-${n}` } : event.payload;
    return { ...event, payload, eventId: uuidOf(n) };
  };
  return ops.map((draft) =>
    draft.kind === 'receive' ? { kind: 'receive', events: draft.events.map(withIds) } : draft,
  );
}

export interface ScenarioOptions {
  maxOps?: number;
  /** Leave out redeliveries (the duplicate property adds its own). */
  redeliveries?: boolean;
}

/** One customer: a pseudonym (some fall in the holdout), a start time in 2026–2027, a sweep lag and what happens. */
export function scenarios(options: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const ops = options.redeliveries === false ? op.filter((draft) => draft.kind !== 'redeliver') : op;
  return fc
    .record({
      seed: fc.nat(),
      start: fc.integer({ min: Date.UTC(2026, 0, 1) / 1000, max: Date.UTC(2027, 11, 31) / 1000 }),
      sweepLag: fc.oneof(
        fc.constant(0),
        fc.integer({ min: 0, max: 60 }).map((seconds) => seconds * 1000),
      ),
      onboarded: fc.boolean(),
      withSms: fc.boolean(),
      ops: fc.array(ops, { maxLength: options.maxOps ?? 40, size: 'max' }),
    })
    .map(({ seed, start, sweepLag, onboarded, withSms, ops: drafts }) => ({
      pseudonym: createHash('sha256').update(`customer-${seed}`).digest('hex'),
      start: start * 1000,
      sweepLag,
      journeys: withSms ? ('house+sms' as const) : ('house' as const),
      ops: numbered(onboarded ? [onboarding, ...drafts] : drafts),
    }));
}
