/**
 * Counts the DynamoDB calls of a client by operation (an SDK middleware, so every call the adapters make is seen),
 * with the capacity each would consume on AWS: item sizes by DynamoDB's accounting, 1 WRU per started KB written
 * (the larger of the old and new item), 1 RRU per started 4 KB read strongly consistent, and the writes of the sparse
 * KEYS_ONLY `wake` index (an index entry added, removed or moved). Calls are recorded with their input, so the same
 * mix can be sent again without the engine (the floor).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TABLE } from '../core/contracts/table.ts';

type Item = Record<string, AttributeValue>;

export interface RecordedCall {
  /** Operation name, e.g. `GetItem`. */
  op: string;
  /** The command input as sent (for the floor to send again). */
  input: Record<string, unknown>;
  /** Index of the event being processed when the call was made (undefined outside an event). */
  event: number | undefined;
  readUnits: number;
  writeUnits: number;
  /** `wake` index writes (part of writeUnits). */
  indexWriteUnits: number;
  /** Bytes of the item written (PutItem, each BatchWriteItem put) or read (GetItem). */
  itemBytes: number[];
  /** The table the call was made on. */
  table: string;
}

function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|e.*$/gi, '').replace(/^0+/, '').length / 2) + 1;
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L) return 3 + value.L.reduce((sum, element) => sum + 1 + valueBytes(element), 0);
  if (value.M) return 3 + itemBytes(value.M);
  if (value.SS) return value.SS.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  if (value.NS) return value.NS.reduce((sum, text) => sum + Math.ceil(text.length / 2) + 1, 0);
  if (value.BS) return value.BS.reduce((sum, bytes) => sum + bytes.length, 0);
  return 0;
}

/** An item's size as DynamoDB bills it: attribute names plus values. */
export function itemBytes(item: Item): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += Buffer.byteLength(name) + valueBytes(value);
  return bytes;
}

const writeUnitsOf = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const keyOf = (table: string, key: Item) => `${table}|${key.pk?.S ?? ''}|${key.sk?.S ?? ''}|${JSON.stringify(key)}`;
const wakeKeyOf = (item: Item | undefined) => item?.[TABLE.wakeIndex.sortKey]?.S;

/** `wake` index writes when an item changes from `before` to `after`: an entry added, removed, or moved (2). */
function indexWrites(before: Item | undefined, after: Item | undefined): number {
  const was = wakeKeyOf(before);
  const is = wakeKeyOf(after);
  if (was === is) return 0;
  return (was ? 1 : 0) + (is ? 1 : 0);
}

/**
 * Installs the recorder on `client`. Items written are remembered (by key) to size updates and overwrites; `event`
 * attributes each call to the event in progress (run the work inside `eventScope.run(index, …)`).
 */
export function recordCalls(client: DynamoDBClient, sink: (call: RecordedCall) => void) {
  const items = new Map<string, Item>();
  const eventScope = new AsyncLocalStorage<number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const op = String(context.commandName ?? '').replace(/Command$/, '');
      const input = args.input as Record<string, unknown> & { TableName?: string };
      const table = String(input.TableName ?? Object.keys((input.RequestItems as object) ?? {})[0] ?? '');
      const copy = structuredClone(input);
      const result = await next(args);
      const call: RecordedCall = {
        ...{ op, input: copy, event: eventScope.getStore(), table },
        ...{ readUnits: 0, writeUnits: 0, indexWriteUnits: 0, itemBytes: [] },
      };
      account(call, input, (result.output ?? {}) as unknown as Record<string, unknown>, items);
      sink(call);
      return result;
    },
    { step: 'initialize', name: 'benchCallRecorder' },
  );
  return { eventScope };
}

function write(call: RecordedCall, items: Map<string, Item>, key: string, after: Item | undefined) {
  const before = items.get(key);
  const bytes = Math.max(before ? itemBytes(before) : 0, after ? itemBytes(after) : 0);
  const index = indexWrites(before, after);
  call.writeUnits += writeUnitsOf(bytes) + index;
  call.indexWriteUnits += index;
  if (after) items.set(key, after);
  else items.delete(key);
}

function account(
  call: RecordedCall,
  input: Record<string, unknown>,
  output: Record<string, unknown>,
  items: Map<string, Item>,
) {
  const table = call.table;
  if (call.op === 'GetItem') {
    const found = output.Item as Item | undefined;
    const bytes = found ? itemBytes(found) : 0;
    call.itemBytes.push(bytes);
    call.readUnits += Math.max(1, Math.ceil(bytes / 4096)) / (input.ConsistentRead ? 1 : 2);
  } else if (call.op === 'Query') {
    const bytes = ((output.Items as Item[]) ?? []).reduce((sum, item) => sum + itemBytes(item), 0);
    call.readUnits += Math.max(1, Math.ceil(bytes / 4096)) / (input.ConsistentRead ? 1 : 2);
  } else if (call.op === 'PutItem') {
    const item = input.Item as Item;
    call.itemBytes.push(itemBytes(item));
    write(call, items, keyOf(table, item), item);
  } else if (call.op === 'UpdateItem') {
    const key = keyOf(table, input.Key as Item);
    const before = items.get(key);
    const removed = /^REMOVE ([\w, ]+)$/.exec(String(input.UpdateExpression ?? ''))?.[1]?.split(/,\s*/) ?? [];
    const after = before
      ? Object.fromEntries(Object.entries(before).filter(([name]) => !removed.includes(name)))
      : undefined;
    write(call, items, key, after);
  } else if (call.op === 'DeleteItem') {
    write(call, items, keyOf(table, input.Key as Item), undefined);
  } else if (call.op === 'BatchWriteItem') {
    for (const [name, requests] of Object.entries(
      input.RequestItems as Record<string, Array<Record<string, { Item?: Item; Key?: Item }>>>,
    )) {
      for (const request of requests) {
        const item = request.PutRequest?.Item;
        if (item) call.itemBytes.push(itemBytes(item));
        write(call, items, keyOf(name, item ?? (request.DeleteRequest?.Key as Item)), item);
      }
    }
  }
}
