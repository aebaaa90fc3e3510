import fc from 'fast-check';
import { type GeneratedDetail, text } from './details.ts';

/**
 * Nearly valid and hostile variants of a valid detail: a field set to a value of the wrong type or out of bounds, an
 * extra key, a missing key, hostile dates; nested fields (order items, contact) included.
 */

/** Numbers at and past the contract's bounds and the edges of IEEE 754. */
export const boundaryNumbers = [
  1e308,
  -1e308,
  Number.MAX_VALUE,
  5e-324,
  -0,
  -1,
  -0.0001,
  0.00001,
  12.34567,
  1e12 + 0.01,
  1e12 + 1,
  1_000_001,
  2 ** 31,
  Number.MAX_SAFE_INTEGER + 2,
  1.5,
];

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...boundaryNumbers),
  fc.constantFrom(null, true, false, 0, 1, 'NaN', 'Infinity', '-Infinity', '-0', '1e308', '', ' ', '1', '0x10'),
  fc.constantFrom([], {}, [1], { a: 1 }, [[[[]]]], { toString: 'x' }, JSON.parse('{"__proto__":{"polluted":true}}')),
  text(0, 40),
  // Longer strings hit the quadratic redaction of the rejected store (ingest-findings.test.ts).
  fc.constantFrom('x'.repeat(3_000), '😀'.repeat(300), '\u0000\u0001\u001f', '\ud800', '\udc00x\ud800'),
);

/** Dates at the edges: years 0000 and 9999, offsets, leap seconds, no offset, fractions, impossible days. */
export const hostileDates = (now: number) =>
  fc.constantFrom(
    '0000-01-01T00:00:00Z',
    '0000-01-01T00:00:00+23:59',
    '9999-12-31T23:59:59Z',
    '9999-12-31T23:59:59.999999999-23:59',
    '2026-11-23T23:59:60Z',
    '2016-12-31T23:59:60Z',
    '2026-11-23T09:00:00',
    '2026-11-23 09:00:00Z',
    '2026-11-23t09:00:00z',
    '2026-02-29T00:00:00Z',
    '2024-02-29T00:00:00Z',
    '2026-11-23T24:00:00Z',
    '2026-11-23T09:00:00+24:00',
    '2026-11-23T09:00:00+14:00',
    '2026-11-23T09:00:00.123456789012345678901234567890Z',
    '+002026-11-23T09:00:00Z',
    '-000001-01-01T00:00:00Z',
    '1970-01-01T00:00:00Z',
    new Date(now + 5 * 60_000).toISOString(),
    new Date(now + 5 * 60_000 + 1).toISOString(),
    new Date(now - 7 * 86_400_000 + 1000).toISOString(),
    new Date(now - 7 * 86_400_000 - 1000).toISOString(),
    new Date(now).toISOString().replace('Z', '+09:00'),
  );

/** Key names that trip careless code: prototype keys, near-miss identifier names, unicode, empty. */
export const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '', ' ', 'detail', 'type', 'v2'),
  fc.constantFrom('CustomerId', 'customerID', 'EMAIL', 'Phone', 'contact', 'items', 'total', 'rfm'),
  text(1, 20),
);

type Path = Array<string | number>;

/** Paths of every field of a detail, nested ones included (order items, contact). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Object.entries(value as Record<string, unknown>);
  return [
    prefix,
    ...entries.flatMap(([key, field]) => pathsOf(field, [...prefix, Array.isArray(value) ? Number(key) : key])),
  ];
}

function setAt(
  root: Record<string, unknown>,
  path: Path,
  change: (parent: Record<string | number, unknown>, key: string | number) => void,
) {
  const copy = structuredClone(root);
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = parent[key];
    if (next === null || typeof next !== 'object') return copy; // an earlier change removed or replaced it
    parent = next as Record<string | number, unknown>;
  }
  change(parent, path.at(-1) as string | number);
  return copy;
}

export type MutationKind = 'wrong value' | 'extra key' | 'missing key' | 'hostile date' | 'two at once';

/** A nearly valid or hostile variant of `generated` (its type, customer and canaries kept). */
export function mutated(
  generated: GeneratedDetail,
  now: number,
): fc.Arbitrary<GeneratedDetail & { kind: MutationKind }> {
  const fields = pathsOf(generated.detail).filter((path) => path.length > 0);
  const objects = pathsOf(generated.detail).filter((path) => {
    const value = path.reduce<unknown>((at, key) => (at as Record<string | number, unknown>)[key], generated.detail);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  });
  const field = fc.constantFrom(...fields);
  const one = fc.oneof(
    fc.tuple(fc.constant('wrong value' as const), field, hostileValue),
    fc.tuple(fc.constant('extra key' as const), fc.constantFrom(...objects), fc.tuple(hostileKey, hostileValue)),
    fc.tuple(fc.constant('missing key' as const), field, fc.constant(undefined)),
    fc.tuple(fc.constant('hostile date' as const), fc.constant<Path>(['occurredAt']), hostileDates(now)),
  );
  const apply = (detail: Record<string, unknown>, [kind, path, value]: [MutationKind, Path, unknown]) => {
    if (kind === 'extra key') {
      const [key, extra] = value as [string, unknown];
      return setAt(detail, [...path, key], (parent, name) => {
        Object.defineProperty(parent, name, { value: extra, enumerable: true, configurable: true, writable: true });
      });
    }
    if (kind === 'missing key') {
      return setAt(detail, path, (parent, key) => {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      });
    }
    return setAt(detail, path, (parent, key) => {
      parent[key] = value;
    });
  };
  return fc.oneof(
    {
      weight: 4,
      arbitrary: one.map((change) => ({ ...generated, kind: change[0], detail: apply(generated.detail, change) })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(one, one).map(([first, second]) => ({
        ...generated,
        kind: 'two at once' as const,
        detail: apply(apply(generated.detail, first), second),
      })),
    },
  );
}

/**
 * An email, phone number or PCCC of the event's canaries written into another field's text (not the eventId, nor a
 * key name: ingest-findings.test.ts), which the rejected store must redact by its shape.
 */
export function withMisplacedIdentifier(generated: GeneratedDetail): fc.Arbitrary<GeneratedDetail> {
  const fields = pathsOf(generated.detail).filter((path) => path.length > 0 && path[0] !== 'eventId');
  return fc
    .tuple(fc.constantFrom(...fields), fc.constantFrom('email', 'phone', 'pccc' as const), text(0, 8), text(0, 8))
    .map(([path, which, before, after]) => ({
      ...generated,
      detail: setAt(generated.detail, path, (parent, key) => {
        parent[key] = `${before} ${generated.who[which]} ${after}`;
      }),
    }));
}
