import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { KEYS, TABLE } from '../../core/contracts/table.ts';
import { type LogEntry, logBodyOf, logKeyOf } from '../../core/customer/log.ts';
import type { OutboxItem } from '../../core/customer/outbox.ts';
import { type CustomerState, newCustomer } from '../../core/customer/state.ts';
import { wakeShardKey, wakeShardOf } from '../../core/customer/wake.ts';
import { toMs } from '../../core/time.ts';
import { packJson, unpackJson } from './packed-json.ts';

/**
 * Single-table layout (DESIGN.md §4): everything but keys, version and wake index lives in one JSON `doc`, packed in the
 * customer item (decision 0009).
 */

type Item = Record<string, AttributeValue>;

const S = (value: string): AttributeValue => ({ S: value });
const N = (value: number): AttributeValue => ({ N: String(value) });

export function pseudonymOfKey(pk: string): string {
  return pk.startsWith('C#') ? pk.slice(2) : pk;
}

/** The STATE item: `contact` stays a separate binary attribute, the outbox a separate one so it can be cleared alone. */
export function stateToItem(state: CustomerState, version: number, ttlSeconds?: number): Item {
  const { pseudonym, v: _v, contact, outbox, indexedWakeAt, ...rest } = state;
  const item: Item = {
    pk: S(KEYS.customer(pseudonym)),
    sk: S(KEYS.state),
    v: N(version),
    doc: packJson(rest),
  };
  if (contact) item.contact = { B: Buffer.from(contact, 'base64') };
  if (outbox.length > 0) item.outbox = packJson(outbox);
  if (ttlSeconds !== undefined && isTombstone(state)) {
    item[TABLE.timeToLive] = N(Math.floor(toMs(state.erasedAt as string) / 1000) + ttlSeconds);
  }
  if (indexedWakeAt) {
    item[TABLE.wakeIndex.sortKey] = S(indexedWakeAt);
    item[TABLE.wakeIndex.partitionKey] = S(wakeShardKey(wakeShardOf(pseudonym)));
  }
  return item;
}

/** The bytes DynamoDB bills for the state's item (attribute names and values), for cost models. */
export function customerItemBytes(state: CustomerState): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(stateToItem(state, state.v + 1))) {
    const content = value.S ?? value.B ?? value.N ?? '';
    bytes += name.length + (typeof content === 'string' ? Buffer.byteLength(content) : content.length);
  }
  return bytes;
}

/** Nothing left but the erasure time: the item expires with the retention period unless the customer comes back. */
function isTombstone(state: CustomerState): boolean {
  return (
    state.erasedAt !== undefined &&
    !state.contact &&
    Object.keys(state.journeys).length === 0 &&
    state.timers.length === 0 &&
    state.outbox.length === 0
  );
}

export function itemToState(pseudonym: string, item: Item | undefined): CustomerState {
  if (!item) return newCustomer(pseudonym);
  const rest = unpackJson<Omit<CustomerState, 'pseudonym' | 'v' | 'contact' | 'outbox'>>(item.doc, {} as never);
  const contact = item.contact?.B ? Buffer.from(item.contact.B).toString('base64') : undefined;
  const indexedWakeAt = item[TABLE.wakeIndex.sortKey]?.S;
  return {
    ...rest,
    pseudonym,
    v: Number(item.v?.N ?? '0'),
    ...(contact ? { contact } : {}),
    ...(indexedWakeAt ? { indexedWakeAt } : {}),
    outbox: unpackJson<OutboxItem[]>(item.outbox, []),
  };
}

/** A log entry's item: its own sort key beside the customer item, the body as JSON, a TTL unless it is evidence. */
export function logEntryToItem(entry: LogEntry, ttlSeconds: number): Item {
  const { pseudonym, sortKey, at, expires } = logKeyOf(entry);
  const item: Item = {
    pk: S(KEYS.customer(pseudonym)),
    sk: S(sortKey),
    doc: S(JSON.stringify(logBodyOf(entry))),
  };
  if (expires) item[TABLE.timeToLive] = N(Math.floor(toMs(at) / 1000) + ttlSeconds);
  return item;
}

export function docOf<T>(item: Item): T {
  return JSON.parse(item.doc?.S ?? 'null') as T;
}
