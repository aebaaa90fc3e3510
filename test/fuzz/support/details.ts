import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DETAIL_TYPES, type DetailType } from '../../../core/events/schemas.ts';

/**
 * Generated event details for every detail-type: valid ones, and the raw material of nearly valid and hostile ones
 * (see `mutations.ts`). Text mixes ASCII, any code point and lone surrogates.
 */

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const anyChar = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: loneSurrogate },
);
/** Any text, lone surrogates and control characters included. */
export const text = (minLength: number, maxLength: number) => fc.string({ unit: anyChar, minLength, maxLength });

/** An amount in [0, 1e12] with at most 4 decimal places, boundaries included. */
export const money = fc.oneof(
  fc.constantFrom(0, -0, 0.0001, 0.1 + 0.2, 19.99, 999_999_999_999.9999, 1e12),
  fc.bigInt({ min: 0n, max: 10n ** 16n }).map((units) => Number(units) / 10_000),
  fc.integer({ min: 0, max: 1_000_000 }),
);
export const quantity = fc.oneof(fc.constantFrom(1, 1_000_000), fc.integer({ min: 1, max: 1_000_000 }));
const itemCount = fc.oneof(fc.constantFrom(0, 1_000_000), fc.integer({ min: 0, max: 1_000_000 }));
const id = fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[a-z0-9-]{1,24}$/) }, text(1, 256));
const currency = fc.constantFrom('KRW', 'EUR', 'USD', 'JPY', 'KWD');

/** Identifier values the rejected store must never hold in plaintext; each run gets fresh ones. */
export interface Canaries {
  customerId: string;
  email: string;
  phone: string;
  pccc: string;
}
const digits = (length: number) => fc.stringMatching(new RegExp(`^[0-9]{${length}}$`));
export const canaries: fc.Arbitrary<Canaries> = fc.record({
  customerId: fc.stringMatching(/^[a-z]{6}$/).map((tag) => `canarycust-${tag}-${randomUUID().slice(0, 8)}`),
  email: fc.stringMatching(/^[a-z]{6}$/).map((tag) => `canary.${tag}.${randomUUID().slice(0, 8)}@example.com`),
  phone: digits(8).map((tail) => `+8210${tail}`),
  pccc: digits(12).map((tail) => `P${tail}`),
});

/** A contact whose identifier fields are filled with the canaries of the event (`fillContact`). */
const CANARY_SLOT = '<canary>';
const contact = fc.record(
  {
    firstName: text(1, 100),
    email: fc.constant(CANARY_SLOT),
    phone: fc.constant(CANARY_SLOT),
    pccc: fc.constant(CANARY_SLOT),
    kakaoId: fc.stringMatching(/^[a-z0-9_]{1,32}$/),
    pushToken: fc.stringMatching(/^[A-Za-z0-9:_-]{1,200}$/),
  },
  { requiredKeys: [] },
);

function fillContact(payload: Record<string, unknown>, who: Canaries): Record<string, unknown> {
  if (!payload.contact) return payload;
  const filled = { ...(payload.contact as Record<string, unknown>) };
  for (const key of ['email', 'phone', 'pccc'] as const) if (filled[key] === CANARY_SLOT) filled[key] = who[key];
  return { ...payload, contact: filled };
}

const cartChange = fc.record(
  { cartId: id, productId: id, quantity, itemCount, cartValue: money, currency },
  { requiredKeys: ['cartId', 'productId', 'quantity', 'itemCount'] },
);
const engagement = (extra: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record({ messageId: id, channel: fc.constantFrom('email', 'sms', 'push', 'kakao'), ...extra });
const payloads: Record<DetailType, fc.Arbitrary<Record<string, unknown>>> = {
  'product.viewed': fc.record(
    { productId: id, category: text(0, 256), price: money, currency },
    { requiredKeys: ['productId'] },
  ),
  'cart.item_added': cartChange,
  'cart.item_removed': cartChange,
  'checkout.started': fc.record({ cartId: id, cartValue: money, currency }),
  'order.placed': fc.record({
    orderId: id,
    total: money,
    currency,
    items: fc.array(fc.record({ productId: id, quantity, price: money }), { minLength: 1, maxLength: 8 }),
  }),
  'customer.profile_updated': fc.record(
    {
      contact,
      timeZone: fc.constantFrom('Asia/Seoul', 'America/New_York', 'Europe/Berlin', 'UTC', 'Pacific/Kiritimati'),
      country: fc.constantFrom('KR', 'US', 'DE', 'JP'),
      locale: fc.constantFrom('ko', 'en-US', 'de', 'ja'),
    },
    { requiredKeys: [] },
  ),
  'consent.changed': fc.record({
    channel: fc.constantFrom('email', 'sms', 'push', 'kakao', 'all'),
    purpose: fc.constantFrom('marketing', 'night_marketing', 'profiling'),
    granted: fc.boolean(),
    source: text(1, 256),
    wordingVersion: text(1, 64),
  }),
  'shipment.customs_hold': fc.record(
    {
      orderId: id,
      shipmentId: id,
      reason: fc.constantFrom('pccc_missing', 'pccc_mismatch', 'pccc_expired'),
      contact: fc.constant({ pccc: CANARY_SLOT }),
      respondBy: fc.constantFrom('2026-12-05', '2027-02-28'),
    },
    { requiredKeys: ['orderId', 'reason'] },
  ),
  'shipment.customs_cleared': fc.record({ orderId: id, shipmentId: id }, { requiredKeys: ['orderId'] }),
  'privacy.erasure_requested': fc.record({ requestId: id }),
  'privacy.export_requested': fc.record({ requestId: id }),
  'customer.account_closed': fc.record({ reason: text(0, 256) }, { requiredKeys: [] }),
  'message.delivered': engagement({}),
  'message.bounced': engagement({ bounceType: fc.constantFrom('hard', 'soft') }),
  'message.complained': engagement({}),
  'message.opened': engagement({ machine: fc.boolean() }),
  'message.clicked': engagement({}),
};

export interface GeneratedDetail {
  detailType: DetailType;
  detail: Record<string, unknown>;
  who: Canaries;
}

/** A valid detail of one of `types`, dated `occurredAt`, for the customer and contact of `who`. */
export function validDetail(
  occurredAt: () => string,
  types: readonly DetailType[] = DETAIL_TYPES,
): fc.Arbitrary<GeneratedDetail> {
  return fc
    .tuple(fc.constantFrom(...types), canaries)
    .chain(([detailType, who]) => payloads[detailType].map((payload) => ({ detailType, who, payload })))
    .map(({ detailType, who, payload }) => ({
      detailType,
      who,
      detail: {
        v: 1,
        eventId: randomUUID(),
        occurredAt: occurredAt(),
        customerId: who.customerId,
        ...fillContact(payload, who),
      },
    }));
}
