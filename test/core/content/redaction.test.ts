import { describe, expect, it } from 'vitest';
import { REDACTED, redactIdentifiers, redactText } from '../../../core/content/redaction.ts';

describe('redaction of identifiers kept for diagnosis', () => {
  it('redacts identifier fields by name, whatever their case and separators, keeping the shape', () => {
    expect(
      redactIdentifiers({
        customer_id: 'c-1',
        CustomerID: 'c-2',
        'user-id': 'u-1',
        contact: { email: 'a@b.co', phone: '+821012345678' },
        items: [{ productId: 'p-1' }],
      }),
    ).toEqual({
      customer_id: REDACTED,
      CustomerID: REDACTED,
      'user-id': REDACTED,
      contact: { email: REDACTED, phone: REDACTED },
      items: [{ productId: 'p-1' }],
    });
  });

  it('redacts emails, phone numbers and PCCCs anywhere, keys included, and leaves dates and ids alone', () => {
    expect(redactIdentifiers({ note: 'write to ana@shop.kr or call +82 10-1234-5678', 'bo@b.co': true })).toEqual({
      note: `write to ${REDACTED} or call ${REDACTED}`,
      [REDACTED]: true,
    });
    expect(redactText('P123456789012 01012345678')).toBe(`${REDACTED} ${REDACTED}`);
    expect(redactText('2026-11-29T13:53:36Z order o-20261129 sku-1234567')).toBe(
      '2026-11-29T13:53:36Z order o-20261129 sku-1234567',
    );
  });

  it('redacts a body that holds JSON as JSON, and a body that does not as text', () => {
    expect(redactIdentifiers('{"customerId":"c-9","detail":{"email":"x@y.zz"}}')).toBe(
      `{"customerId":"${REDACTED}","detail":{"email":"${REDACTED}"}}`,
    );
    expect(redactIdentifiers('not json, ana@shop.kr')).toBe(`not json, ${REDACTED}`);
  });
});
