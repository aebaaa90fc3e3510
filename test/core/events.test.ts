import { describe, expect, it } from 'vitest';
import { InvalidCustomerEventError } from '../../core/errors.ts';
import { parseCustomerEvent } from '../../core/events/parse.ts';

const envelope = {
  v: 1,
  eventId: '3b241101-e2bb-4255-8caf-4136c566a962',
  occurredAt: '2026-11-23T10:00:00+09:00',
  customerId: 'c-42',
};

function errorOf(detailType: unknown, detail: unknown): InvalidCustomerEventError {
  try {
    parseCustomerEvent(detailType, detail);
  } catch (error) {
    if (error instanceof InvalidCustomerEventError) return error;
    throw error;
  }
  throw new Error('expected the event to be rejected');
}

describe('event contract', () => {
  it('returns a typed event tagged with its detail-type', () => {
    const event = parseCustomerEvent('cart.item_added', {
      ...envelope,
      cartId: 'cart-1',
      productId: 'sku-1',
      quantity: 1,
      itemCount: 3,
      cartValue: 12.5,
      currency: 'EUR',
    });
    expect(event).toMatchObject({ type: 'cart.item_added', itemCount: 3, customerId: 'c-42' });
  });

  it('names the field and the rule for a phone number that is not E.164', () => {
    const error = errorOf('customer.profile_updated', { ...envelope, contact: { phone: '010-1234-5678' } });
    expect(error.issues).toEqual([{ field: 'detail.contact.phone', rule: expect.stringContaining('E.164') }]);
    expect(error.message).toContain('detail.contact.phone');
    expect(error.eventId).toBe(envelope.eventId);
  });

  it('rejects a PCCC that is not P followed by 12 digits', () => {
    const error = errorOf('customer.profile_updated', { ...envelope, contact: { pccc: 'P12345' } });
    expect(error.issues[0]).toMatchObject({
      field: 'detail.contact.pccc',
      rule: expect.stringContaining('^P\\d{12}$'),
    });
    expect(() =>
      parseCustomerEvent('customer.profile_updated', { ...envelope, contact: { pccc: 'P123456789012' } }),
    ).not.toThrow();
  });

  it('rejects a time zone that is not an IANA zone and a country that is not ISO 3166', () => {
    const error = errorOf('customer.profile_updated', { ...envelope, timeZone: 'Mars/Olympus', country: 'XX' });
    expect(error.issues.map((issue) => issue.field)).toEqual(['detail.timeZone', 'detail.country']);
    expect(error.issues[0]?.rule).toContain('IANA');
    expect(() =>
      parseCustomerEvent('customer.profile_updated', { ...envelope, timeZone: 'Asia/Seoul', country: 'KR' }),
    ).not.toThrow();
  });

  it('requires eventId, occurredAt with an offset and customerId', () => {
    const error = errorOf('product.viewed', { v: 1, occurredAt: '2026-11-23T10:00:00', productId: 'p' });
    expect(error.issues).toEqual([
      { field: 'detail.eventId', rule: 'is required' },
      { field: 'detail.occurredAt', rule: 'must be an ISO-8601 date-time with offset' },
      { field: 'detail.customerId', rule: 'is required' },
    ]);
  });

  it('rejects unknown detail-types and fields outside the contract', () => {
    expect(errorOf('cart.exploded', envelope).issues[0]?.field).toBe('detail-type');
    expect(errorOf('product.viewed', { ...envelope, productId: 'p', email: 'x@y.z' }).issues).toEqual([
      { field: 'detail.email', rule: 'is not part of the contract' },
    ]);
  });

  it('rejects a detail that is not a JSON object', () => {
    expect(errorOf('product.viewed', '["not", "an", "object"]').issues).toEqual([
      { field: 'detail', rule: 'must be a JSON object' },
    ]);
  });

  it('accepts consent for all channels and rejects an unknown purpose', () => {
    const consent = { ...envelope, channel: 'all', granted: true, source: 'signup-form', wordingVersion: 'v3' };
    expect(parseCustomerEvent('consent.changed', { ...consent, purpose: 'night_marketing' })).toMatchObject({
      channel: 'all',
    });
    expect(errorOf('consent.changed', { ...consent, purpose: 'spam' }).issues[0]?.field).toBe('detail.purpose');
  });
});
