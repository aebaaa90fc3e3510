import { describe, expect, it } from 'vitest';
import { InvalidMessageError } from '../../../core/errors.ts';
import { deliveryCodec, ingestCodec, privacyCodec, rejectedCodec } from '../../../core/messages/queue-messages.ts';

const pseudonym = 'a'.repeat(64);

describe('internal queue protocol', () => {
  it('round-trips every message kind through its codec', () => {
    const timer = { kind: 'timer-due' as const, pseudonym };
    const event = { kind: 'customer-event' as const, detailType: 'order.placed', source: 'shop.web', detail: { v: 1 } };
    const erasure = {
      kind: 'erasure-due' as const,
      pseudonym,
      reason: 'request',
      erasedAt: '2026-11-29T10:00:00.000Z',
      at: '2026-11-29T10:00:01.000Z',
      requestId: 'r-1',
    };
    const exportDue = { kind: 'export-due' as const, pseudonym, requestId: 'r-2' };
    const byPseudonym = {
      kind: 'pseudonymous-event' as const,
      pseudonym,
      detailType: 'consent.changed',
      detail: { v: 1, granted: false },
    };
    expect(ingestCodec.decode(ingestCodec.encode(timer))).toEqual(timer);
    expect(ingestCodec.decode(ingestCodec.encode(byPseudonym))).toEqual(byPseudonym);
    expect(ingestCodec.decode(ingestCodec.encode(event))).toEqual(event);
    expect(privacyCodec.decode(privacyCodec.encode(erasure))).toEqual(erasure);
    expect(privacyCodec.decode(privacyCodec.encode(exportDue))).toEqual(exportDue);
    const rejected = { reason: 'r', issues: [{ field: 'f', rule: 'x' }], raw: { a: 1 }, rejectedAt: 'now' };
    expect(rejectedCodec.decode(rejectedCodec.encode(rejected))).toEqual(rejected);
  });

  it('reads an event exactly as EventBridge hands it to an SQS target', () => {
    const body = JSON.stringify({
      version: '0',
      id: 'x',
      'detail-type': 'product.viewed',
      source: 'shop.web',
      account: '1',
      time: '2026-11-29T10:00:00Z',
      region: 'eu-central-1',
      resources: [],
      detail: { v: 1, productId: 'p' },
    });
    expect(ingestCodec.decode(body)).toEqual({
      kind: 'customer-event',
      detailType: 'product.viewed',
      source: 'shop.web',
      detail: { v: 1, productId: 'p' },
    });
  });

  it('treats a timer.due that does not come from the orchestrator as a customer event (which the contract rejects)', () => {
    const forged = JSON.stringify({ 'detail-type': 'timer.due', source: 'shop.web', detail: { pseudonym } });
    expect(ingestCodec.decode(forged)).toMatchObject({ kind: 'customer-event', detailType: 'timer.due' });
  });

  it('reads an event by pseudonym only from the orchestrator itself', () => {
    const detail = { pseudonym, detailType: 'consent.changed', detail: { v: 1 } };
    const forged = JSON.stringify({ 'detail-type': 'event.by_pseudonym', source: 'shop.web', detail });
    expect(ingestCodec.decode(forged)).toMatchObject({ kind: 'customer-event', detailType: 'event.by_pseudonym' });
    const withoutPseudonym = JSON.stringify({
      'detail-type': 'event.by_pseudonym',
      source: 'journeys.orchestrator',
      detail: { detailType: 'consent.changed', detail: {} },
    });
    expect(() => ingestCodec.decode(withoutPseudonym)).toThrow(/body\.detail\.pseudonym/);
  });

  it('throws one error type naming the queue and each bad field', () => {
    const decode = (body: string) => () => ingestCodec.decode(body);
    expect(decode('not json')).toThrow(InvalidMessageError);
    expect(decode('not json')).toThrow('Invalid ingest message: body: must be JSON');
    expect(decode('{"detail":{}}')).toThrow(/body\.detail-type/);
    const badTimer = JSON.stringify({ 'detail-type': 'timer.due', source: 'journeys.orchestrator', detail: {} });
    expect(decode(badTimer)).toThrow(/body\.detail\.pseudonym/);
    expect(() => deliveryCodec.decode('{"messageId":1}')).toThrow(/Invalid delivery message: body\.messageId/);
    const customerEvent = JSON.stringify({
      'detail-type': 'privacy.erasure_requested',
      source: 'shop.web',
      detail: {},
    });
    expect(() => privacyCodec.decode(customerEvent)).toThrow(/privacy\.erasure_due or privacy\.export_due/);
  });
});
