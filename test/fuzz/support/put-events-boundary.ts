import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { MAX_REQUEST_BYTES } from '../../../adapters/local/put-events-validation.ts';
import { PUT_EVENTS } from './put-events-http.ts';
import { expectedAnswer } from './put-events-plans.ts';
import { type PlannedEntry, type PlannedRequest, requestSize } from './put-events-requests.ts';

/**
 * Requests whose entries total exactly 256 KB + `delta` bytes as EventBridge counts them (UTF-8, +14 per Time): one
 * valid tracked event and padding entries of a detail-type no rule routes, padded with 1-, 2-, 3- and 4-byte
 * characters; a `Time` of null is not set.
 */
export const boundaryRequest = fc
  .record({
    padding: fc.integer({ min: 1, max: 9 }),
    delta: fc.integer({ min: -3, max: 3 }),
    time: fc.constantFrom<number | null | undefined>(undefined, null, Date.parse('2026-11-23T09:00:00Z') / 1000),
    unit: fc.constantFrom('a ', '가 ', '😀 ', 'é '),
  })
  .map(({ padding, delta, time: Time, unit }): PlannedRequest & { delta: number } => {
    const token = randomUUID();
    const customerId = `c-boundary-${randomUUID().slice(0, 8)}`;
    const time = Time === undefined ? {} : { Time };
    const tracked = {
      EventBusName: 'journeys',
      Source: 'shop.fuzz',
      DetailType: 'product.viewed',
      Detail: JSON.stringify({ v: 1, eventId: token, occurredAt: '2026-11-23T09:00:00Z', customerId, productId: 'p' }),
      ...time,
    };
    const pads = Array.from({ length: padding }, () => ({
      EventBusName: 'journeys',
      Source: 'shop.fuzz',
      DetailType: 'fuzz.padding',
      Detail: '{"pad":""}',
      ...time,
    }));
    let missing = MAX_REQUEST_BYTES + delta - requestSize([tracked, ...pads]);
    for (const [index, pad] of pads.entries()) {
      const share = index === pads.length - 1 ? missing : Math.floor(missing / pads.length);
      const unitBytes = Buffer.byteLength(unit);
      const fill = unit.repeat(Math.floor(share / unitBytes)) + ' '.repeat(share % unitBytes);
      pad.Detail = JSON.stringify({ pad: fill });
      missing -= Buffer.byteLength(fill);
    }
    const values = [tracked, ...pads];
    const entries: PlannedEntry[] = [
      { entry: { ...tracked, Detail: '(tracked)' }, faults: [], routed: true, pristine: true, token, customerId },
      ...pads.map(() => ({ entry: '(padding)', faults: [], routed: false, pristine: false })),
    ];
    const body = JSON.stringify({ Entries: values });
    return {
      method: 'POST',
      target: PUT_EVENTS,
      body,
      entries,
      expected: expectedAnswer('POST', PUT_EVENTS, body, values),
      delta,
    };
  });
