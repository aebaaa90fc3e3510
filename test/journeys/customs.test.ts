import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LiquidTemplateRenderer } from '../../adapters/templates/liquid-renderer.ts';
import type { DeliveryRequest } from '../../core/messages/delivery.ts';
import { customsJourney } from '../../journeys/customs.ts';
import { days, hours, startJourney } from '../support/virtual-time.ts';

const PCCC = 'P202612345123';
const hold = (overrides: Record<string, unknown> = {}) => ({
  orderId: 'order-77',
  shipmentId: 'ship-1',
  reason: 'pccc_mismatch' as const,
  contact: { pccc: PCCC },
  respondBy: '2026-12-05',
  ...overrides,
});
const korean = { profile: { country: 'KR', timeZone: 'Asia/Seoul' } };

function deliveries(journey: ReturnType<typeof startJourney>): DeliveryRequest[] {
  return journey.dispatched.flatMap((item) => (item.kind === 'delivery' ? [item.message] : []));
}

describe('customs (PCCC) notice journey', () => {
  it('tells the customer at once, with the PCCC masked, that customs holds the parcel', () => {
    const journey = startJourney(customsJourney, korean);
    journey.send('shipment.customs_hold', hold());
    expect(journey.lastDecision('customs-hold')).toMatchObject({
      category: 'transactional',
      outcome: 'send',
      trigger: { type: 'shipment.customs_hold' },
    });
    expect(deliveries(journey)[0]).toMatchObject({
      locale: 'ko',
      variables: {
        orderId: 'order-77',
        shipmentId: 'ship-1',
        reason: 'pccc_mismatch',
        maskedPccc: 'P********123',
        respondBy: '2026-12-05',
      },
    });
  });

  it('keeps the whole PCCC out of the customer item, the decision log, the outbound events and the delivery', () => {
    const journey = startJourney(customsJourney, korean);
    journey.send('shipment.customs_hold', hold());
    journey.advanceBy(days(2));
    journey.send('shipment.customs_cleared', { orderId: 'order-77', shipmentId: 'ship-1' });
    expect(journey.sentTemplates).toEqual(['customs-hold', 'customs-hold-reminder']);
    const everything = JSON.stringify([journey.state, journey.dispatched]);
    expect(everything).not.toContain(PCCC);
    expect(everything).not.toContain(PCCC.slice(1, 10));
    expect(JSON.stringify(journey.events)).not.toContain('P********123');
    expect(JSON.stringify(journey.decisions)).not.toContain('P********123');
  });

  it('sends the notice without marketing consent, in the middle of a Korean night', () => {
    const journey = startJourney(customsJourney, {
      ...korean,
      customer: 'anonymous',
      start: '2026-11-23T15:00:00Z',
    });
    journey.send('customer.profile_updated', { contact: { email: 'jimin@example.kr' } });
    journey.send('shipment.customs_hold', hold());
    expect(journey.lastDecision('customs-hold')).toMatchObject({ outcome: 'send', reasons: [] });
  });

  it('explains a missing PCCC without showing any code', () => {
    const journey = startJourney(customsJourney);
    journey.send('shipment.customs_hold', hold({ reason: 'pccc_missing', contact: undefined }));
    expect(deliveries(journey)[0]?.variables).toMatchObject({ reason: 'pccc_missing', maskedPccc: null });
  });

  it('reminds once after 2 days while the parcel is still held, and ends unresolved after 14', () => {
    const journey = startJourney(customsJourney);
    journey.send('shipment.customs_hold', hold());
    journey.advanceBy(days(2) - hours(1));
    expect(journey.sentTemplates).toEqual(['customs-hold']);
    journey.advanceBy(hours(1));
    expect(journey.sentTemplates).toEqual(['customs-hold', 'customs-hold-reminder']);
    journey.advanceBy(days(12));
    expect(journey.sentTemplates).toHaveLength(2);
    expect(journey.journey('customs')).toMatchObject({ status: 'exited', outcome: 'unresolved' });
  });

  it('stops when customs clears the shipment and counts the clearance as the goal', () => {
    const journey = startJourney(customsJourney);
    journey.send('shipment.customs_hold', hold());
    journey.advanceBy(hours(20));
    journey.send('shipment.customs_cleared', { orderId: 'order-77', shipmentId: 'ship-1' });
    journey.advanceBy(days(3));
    expect(journey.sentTemplates).toEqual(['customs-hold']);
    expect(journey.journey('customs')).toMatchObject({ status: 'exited', outcome: 'cleared' });
    const conversion = journey.dispatched.find((item) => item.kind === 'conversion');
    expect(conversion).toMatchObject({ record: { journeyId: 'customs', event: 'shipment.customs_cleared' } });
  });

  it('keeps waiting when another order clears customs', () => {
    const journey = startJourney(customsJourney);
    journey.send('shipment.customs_hold', hold());
    journey.send('shipment.customs_cleared', { orderId: 'order-78' });
    journey.advanceBy(days(2));
    expect(journey.sentTemplates).toEqual(['customs-hold', 'customs-hold-reminder']);
    expect(journey.dispatched.some((item) => item.kind === 'conversion')).toBe(false);
  });

  it('sends a fresh notice when customs reports a new problem with the parcel', () => {
    const journey = startJourney(customsJourney);
    journey.send('shipment.customs_hold', hold({ reason: 'pccc_missing', contact: undefined }));
    journey.advanceBy(hours(5));
    journey.send('shipment.customs_hold', hold({ reason: 'pccc_expired' }));
    expect(journey.sentTemplates).toEqual(['customs-hold', 'customs-hold']);
    expect(deliveries(journey)[1]?.variables).toMatchObject({ reason: 'pccc_expired', maskedPccc: 'P********123' });
  });
});

describe('customs notice content', () => {
  const templatesDir = fileURLToPath(new URL('../../journeys/templates/', import.meta.url));
  const renderer = new LiquidTemplateRenderer({ templatesDir, shop: { name: 'Example Shop', url: 'https://s.kr' } });

  it.each([
    ['ko', ['개인통관고유부호', '본인 인증', '재발급', '2026-12-05까지']],
    ['en', ['UNI-PASS', 'Verify your identity', 'reissue', 'by 2026-12-05']],
  ])('gives the masked code, the three UNI-PASS steps and how to update the order (%s)', async (locale, words) => {
    const journey = startJourney(customsJourney, { profile: { locale } });
    journey.send('shipment.customs_hold', hold());
    const [delivery] = deliveries(journey);
    const rendered = await renderer.render(delivery as DeliveryRequest, { firstName: 'Jimin' });
    expect(rendered.body).toContain('P********123');
    expect(rendered.body).not.toContain(PCCC);
    expect(rendered.body.match(/<li>/g)).toHaveLength(3);
    expect(rendered.body).toContain('https://unipass.customs.go.kr');
    expect(rendered.body).toContain('https://s.kr/orders/order-77');
    for (const word of words) expect(rendered.body).toContain(word);
  });
});
