import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { DetailType } from '../../../core/events/schemas.ts';
import { routeTable } from '../../../core/routes.ts';
import { registry } from '../../../journeys/index.ts';
import { text, validDetail } from './details.ts';
import { mutated } from './mutations.ts';

/**
 * Generated PutEvents requests, each with what EventBridge would answer (TOOLCHAIN.md "PutEvents facts") and where
 * each entry would end up. Entries carry a token (their detail's eventId) so what ingest did can be read back.
 */

export type Fault = 'Source' | 'DetailType' | 'Detail' | 'Time' | 'Resources' | 'MalformedDetail';

export interface PlannedEntry {
  entry: unknown;
  /** Every reason this entry must fail; empty: it gets an EventId. */
  faults: Fault[];
  /** With an EventId: delivered to ingest (on the "journeys" bus with a routed detail-type) or dropped. */
  routed: boolean;
  /** A contract-valid detail: ingest must apply it, not reject it. */
  pristine: boolean;
  token?: string;
  customerId?: string;
}

export interface PlannedRequest {
  method: string;
  target: string | undefined;
  body: string;
  entries: PlannedEntry[];
  expected: { status: 200 } | { status: 400 | 413; type: string };
}

/** A number written into the body as this exact JSON text (1e400, -0, 12345678901234567890). */
export class RawNumber {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

export function serialise(value: unknown): string {
  const raws: string[] = [];
  const json = JSON.stringify(value, (_key, field) => {
    if (!(field instanceof RawNumber)) return field;
    raws.push(field.text);
    return `@@raw${raws.length - 1}@@`;
  });
  return (json ?? '').replace(/"@@raw(\d+)@@"/g, (_match, index) => raws[Number(index)] as string);
}

export const ROUTED: readonly DetailType[] = routeTable(registry).ingest;
/** Every routed detail-type but erasure, whose applied event leaves no `seen` entry to read back. */
const TRACKED = ROUTED.filter((type) => type !== 'privacy.erasure_requested');
const START_MS = Date.parse('2026-11-23T09:00:00Z');
const occurredAt = () => new Date(START_MS).toISOString();
const ARN = 'arn:aws:events:us-east-1:123456789012:event-bus/journeys';

const utf8 = (value: unknown) => (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0);

/** The request size as EventBridge counts it: Source + DetailType + Detail + Resources (+14 with Time), UTF-8. */
export function requestSize(entries: unknown[]): number {
  return entries.reduce<number>((sum, entry) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return sum;
    const { Source, DetailType, Detail, Resources, Time } = entry as Record<string, unknown>;
    const resources = Array.isArray(Resources) ? Resources.reduce<number>((total, item) => total + utf8(item), 0) : 0;
    return sum + utf8(Source) + utf8(DetailType) + utf8(Detail) + resources + (Time == null ? 0 : 14);
  }, 0);
}

/** A field with its fault when the value is wrong (undefined: the key is left out). */
type Choice = [value: unknown, fault?: Fault];
const required = (name: 'Source' | 'DetailType', ok: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 12, arbitrary: ok.map((value): Choice => [value]) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Choice>([undefined, name], ['', name], [null, name], [42, name], [{}, name]),
    },
  );
const seconds = START_MS / 1000;
const time = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Choice>([undefined]) },
  fc.constantFrom<Choice>([seconds], [null], ['2026-11-23T09:00:00Z'], [-1], [-8.64e12], [new RawNumber('-0')], [0]),
  fc.constantFrom<Choice>(
    [-8.64e12 - 1, 'Time'],
    [1e20, 'Time'],
    ['NaN', 'Time'],
    ['garbage', 'Time'],
    [true, 'Time'],
    [{}, 'Time'],
    [new RawNumber('1e400'), 'Time'],
  ),
);
const resources = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Choice>([undefined]) },
  fc.constantFrom<Choice>([[]], [[ARN]], [null], [['x'.repeat(300)]]),
  fc.constantFrom<Choice>(
    [[1], 'Resources'],
    [[{ toString: 1 }], 'Resources'],
    ['arn', 'Resources'],
    [{}, 'Resources'],
  ),
);
const busName = fc.oneof(
  { weight: 10, arbitrary: fc.constant<[unknown, boolean]>(['journeys', true]) },
  fc.constantFrom<[unknown, boolean]>([ARN, true], [undefined, false], ['', false], ['default', false], [42, false]),
  text(1, 20).map((name): [unknown, boolean] => [name, name === 'journeys']),
);

/** What goes into Detail, with its fault, token and whether ingest must apply it. */
interface DetailPlan {
  detail: Choice;
  detailType: fc.Arbitrary<string>;
  token?: string;
  customerId?: string;
  pristine: boolean;
}
const tracked = (detail: Record<string, unknown>): Pick<DetailPlan, 'token' | 'customerId'> => {
  const token = randomUUID();
  if (typeof detail.eventId !== 'string' || !detail.eventId.startsWith(token)) detail.eventId = token;
  return { token, ...(typeof detail.customerId === 'string' ? { customerId: detail.customerId } : {}) };
};
/** A JSON object nested `levels` deep (the outer object is level 1). */
const deep = (levels: number, token: string) =>
  `{"eventId":"${token}","a":${'{"a":'.repeat(levels - 1)}1${'}'.repeat(levels - 1)}}`;
const deepArrays = (levels: number, token: string) =>
  `{"eventId":"${token}","a":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;

const detailPlan: fc.Arbitrary<DetailPlan> = fc.oneof(
  {
    weight: 5,
    arbitrary: validDetail(occurredAt, TRACKED).map(({ detailType, detail }) => {
      const eventId = detail.eventId as string;
      return {
        detail: [serialise(detail)] as Choice,
        detailType: fc.constant<string>(detailType),
        token: eventId,
        customerId: detail.customerId as string,
        pristine: true,
      };
    }),
  },
  {
    weight: 4,
    arbitrary: validDetail(occurredAt, TRACKED)
      .chain((generated) => mutated(generated, START_MS))
      .map(({ detailType, detail }) => {
        const ids = tracked(detail);
        return {
          detail: [serialise(detail)] as Choice,
          detailType: fc.constant<string>(detailType),
          pristine: false,
          ...ids,
        };
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(1000, 1001, 999, 5000).map((levels): DetailPlan => {
      const token = randomUUID();
      const json = levels === 999 ? deepArrays(1000, token) : deep(levels, token);
      return {
        detail: levels > 1000 ? [json, 'MalformedDetail'] : [json],
        detailType: fc.constantFrom(...TRACKED),
        token,
        pristine: false,
      };
    }),
  },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.constantFrom(
          '[]',
          '[1,2]',
          '"str"',
          '42',
          'null',
          'true',
          '1e400',
          'NotJSON',
          '{',
          '{"a":1}}',
          "{'a':1}",
          ' ',
        ),
        fc.constantFrom('{"a":1}x', '\ufeff{}', '{"a":NaN}', `[${'{}'.repeat(3)}]`, '[{"eventId":"x"}]'),
        text(1, 30).filter((value) => {
          try {
            const parsed = JSON.parse(value);
            return parsed === null || typeof parsed !== 'object' || Array.isArray(parsed);
          } catch {
            return true;
          }
        }),
      )
      .map(
        (detail): DetailPlan => ({
          detail: [detail, 'MalformedDetail'],
          detailType: fc.constantFrom(...TRACKED),
          pristine: false,
        }),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<DetailPlan>(
      { detail: [undefined, 'Detail'], detailType: fc.constantFrom(...TRACKED), pristine: false },
      { detail: ['', 'Detail'], detailType: fc.constantFrom(...TRACKED), pristine: false },
      { detail: [{ a: 1 }, 'Detail'], detailType: fc.constantFrom(...TRACKED), pristine: false },
    ),
  },
);
const unrouted = fc.oneof(
  fc.constantFrom('fuzz.unknown', 'Order.Placed', ' order.placed', 'order.placed\u0000'),
  text(1, 20),
);

/** One planned entry: an object with any mix of good and bad fields, or junk where an entry should be. */
export const plannedEntry: fc.Arbitrary<PlannedEntry> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .record({
        plan: detailPlan,
        source: required('Source', fc.oneof(fc.constant('shop.fuzz'), text(1, 40))),
        bus: busName,
        time,
        resources,
        unroute: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, fc.constant(true)),
      })
      .chain(({ plan, source, bus, time, resources, unroute }) =>
        required('DetailType', unroute ? unrouted : plan.detailType).map((detailType) => {
          const fields: Record<string, Choice> = {
            Source: source,
            DetailType: detailType,
            Detail: plan.detail,
            Time: time,
            Resources: resources,
          };
          const entry: Record<string, unknown> = { EventBusName: bus[0] };
          const faults: Fault[] = [];
          for (const [name, [value, fault]] of Object.entries(fields)) {
            if (value !== undefined) entry[name] = value;
            if (fault) faults.push(fault);
          }
          const type = detailType[0];
          const routed = bus[1] && typeof type === 'string' && (ROUTED as readonly string[]).includes(type);
          const { token, customerId } = plan;
          return {
            entry,
            faults,
            routed,
            pristine: plan.pristine && routed,
            ...(token ? { token } : {}),
            ...(customerId ? { customerId } : {}),
          };
        }),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(null, 42, 'entry', [], [{ Source: 's' }], true).map((entry) => ({
      entry,
      faults: ['Source', 'DetailType', 'Detail'] as Fault[],
      routed: false,
      pristine: false,
    })),
  },
);

/**
 * The request with new tokens, so a request replayed while fast-check shrinks is not mistaken for one already applied.
 */
export function withFreshTokens(request: PlannedRequest): PlannedRequest {
  let { body } = request;
  const entries = request.entries.map((planned) => {
    if (!planned.token) return planned;
    const token = randomUUID();
    body = body.replaceAll(planned.token, token);
    return { ...planned, token };
  });
  return { ...request, body, entries };
}
