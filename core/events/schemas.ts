import * as z from 'zod';
import {
  country,
  currency,
  email,
  envelope,
  id,
  itemCount,
  locale,
  money,
  pccc,
  phone,
  quantity,
  timeZone,
} from './fields.ts';

const cartChange = z.strictObject({
  ...envelope,
  cartId: id,
  productId: id,
  quantity,
  itemCount,
  cartValue: money.optional(),
  currency: currency.optional(),
});

export const contactSchema = z.strictObject({
  firstName: z.string().min(1).max(100).optional(),
  email: email.optional(),
  phone: phone.optional(),
  pccc: pccc.optional(),
  kakaoId: z.string().min(1).max(128).optional(),
  pushToken: z.string().min(1).max(4096).optional(),
});

export const CHANNELS = ['email', 'sms', 'push', 'kakao'] as const;

/** What a channel reports about one of our messages (delivery, bounce, complaint, open, click; DESIGN.md §12). */
function engagement<T extends z.ZodRawShape>(extra: T) {
  return z.strictObject({
    ...envelope,
    messageId: z.string().min(1).max(512),
    channel: z.enum(CHANNELS, { error: 'must be one of email, sms, push, kakao' }),
    ...extra,
  });
}
export const CONSENT_PURPOSES = ['marketing', 'night_marketing', 'profiling'] as const;

/** Why customs holds a shipment: no PCCC on the declaration, one that does not match its holder, or an expired one. */
export const CUSTOMS_HOLD_REASONS = ['pccc_missing', 'pccc_mismatch', 'pccc_expired'] as const;
const shipment = { ...envelope, orderId: id, shipmentId: id.optional() };

/** zod schema of each inbound detail-type (DESIGN.md §3); unknown detail-types are rejected. */
export const detailSchemas = {
  'product.viewed': z.strictObject({
    ...envelope,
    productId: id,
    category: z.string().max(256).optional(),
    price: money.optional(),
    currency: currency.optional(),
  }),
  'cart.item_added': cartChange,
  'cart.item_removed': cartChange,
  'checkout.started': z.strictObject({ ...envelope, cartId: id, cartValue: money, currency }),
  'order.placed': z.strictObject({
    ...envelope,
    orderId: id,
    total: money,
    currency,
    items: z.array(z.strictObject({ productId: id, quantity, price: money })).min(1, { error: 'must not be empty' }),
  }),
  'customer.profile_updated': z.strictObject({
    ...envelope,
    contact: contactSchema.optional(),
    timeZone: timeZone.optional(),
    country: country.optional(),
    locale: locale.optional(),
  }),
  'consent.changed': z.strictObject({
    ...envelope,
    channel: z.enum([...CHANNELS, 'all'], { error: 'must be one of email, sms, push, kakao, all' }),
    purpose: z.enum(CONSENT_PURPOSES, { error: 'must be one of marketing, night_marketing, profiling' }),
    granted: z.boolean({ error: 'must be true or false' }),
    source: z.string().min(1).max(256),
    wordingVersion: z.string().min(1).max(64),
  }),
  'shipment.customs_hold': z.strictObject({
    ...shipment,
    reason: z.enum(CUSTOMS_HOLD_REASONS, { error: 'must be one of pccc_missing, pccc_mismatch, pccc_expired' }),
    /** The PCCC the declaration carried: personal data, masked at the edge and never kept whole. */
    contact: z.strictObject({ pccc }).optional(),
    /** The last day to fix it before the parcel may be returned (the customs office's or carrier's deadline). */
    respondBy: z.iso.date({ error: 'must be a date like 2026-12-05' }).optional(),
  }),
  'shipment.customs_cleared': z.strictObject(shipment),
  'privacy.erasure_requested': z.strictObject({ ...envelope, requestId: id }),
  'privacy.export_requested': z.strictObject({ ...envelope, requestId: id }),
  'customer.account_closed': z.strictObject({ ...envelope, reason: z.string().max(256).optional() }),
  'message.delivered': engagement({}),
  'message.bounced': engagement({
    bounceType: z.enum(['hard', 'soft'], { error: 'must be hard (the address does not exist) or soft' }),
  }),
  'message.complained': engagement({}),
  'message.opened': engagement({
    /** Opened by a machine (e.g. Apple Mail Privacy Protection prefetching), not by the customer: counted apart. */
    machine: z.boolean().optional(),
  }),
  'message.clicked': engagement({}),
} as const;

export type DetailType = keyof typeof detailSchemas;
export const DETAIL_TYPES = Object.keys(detailSchemas) as DetailType[];
export type Channel = (typeof CHANNELS)[number];
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export type CustomsHoldReason = (typeof CUSTOMS_HOLD_REASONS)[number];
export type Contact = z.infer<typeof contactSchema>;

/** The detail as published: `{ v, eventId, occurredAt, customerId, ...payload }`. */
export type EventDetail<T extends DetailType = DetailType> = z.infer<(typeof detailSchemas)[T]>;

/** A validated inbound event, tagged with its detail-type. */
export type CustomerEvent = { [T in DetailType]: { type: T } & EventDetail<T> }[DetailType];
export type CustomerEventOf<T extends DetailType> = Extract<CustomerEvent, { type: T }>;

/** What channels report about our messages: they feed the funnel, and bounces and complaints suppress an address. */
export const ENGAGEMENT_TYPES: ReadonlySet<DetailType> = new Set([
  'message.delivered',
  'message.bounced',
  'message.complained',
  'message.opened',
  'message.clicked',
]);

/** Detail-types that show the customer is active (they reset inactivity and feed RFM). */
export const ACTIVITY_TYPES: ReadonlySet<DetailType> = new Set([
  'product.viewed',
  'cart.item_added',
  'cart.item_removed',
  'checkout.started',
  'order.placed',
]);
