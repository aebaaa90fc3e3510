import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoCustomerTable } from '../../../adapters/dynamodb/customer-table.ts';
import { packJson, UnknownPackedFormatError, unpackJson } from '../../../adapters/dynamodb/packed-json.ts';
import { stateToItem } from '../../../adapters/dynamodb/table-layout.ts';
import { type CustomerState, newCustomer } from '../../../core/customer/state.ts';
import { useEmbeddedDynamoDb } from '../../support/dynalite.ts';

const db = useEmbeddedDynamoDb();
const who = (n: number) => `${n.toString(16).padStart(4, '0')}${'c'.repeat(60)}`;

/** A customer in two journeys with timers, consent and seen events: the shape most stored items have. */
function browsingCustomer(pseudonym: string): CustomerState {
  const at = '2026-11-29T10:00:00.000Z';
  return {
    ...newCustomer(pseudonym),
    has: { email: true, sms: true },
    consent: { 'email:marketing': { granted: true, at, source: 'signup-form', wordingVersion: 'kr-2026-01' } },
    journeys: {
      browse: {
        version: 1,
        snapshot: { value: 'browsing', context: { productId: '5701128', category: 'shoes', price: 51.5, views: 2 } },
        enteredAt: at,
        since: at,
        entries: 1,
        asked: 0,
        status: 'active',
      },
    } as CustomerState['journeys'],
    seen: ['xn52vnvdhax3@prohxr', '1o6rlua1w6sjw6@pyoclq', '1b26c7y1e43r0q@pyoclr'],
    timers: [
      { kind: 'inactivity', id: 'inactivity', fireAt: '2026-12-29T10:00:00.000Z' },
      {
        kind: 'journey',
        id: 'browse/xstate.after.followUpDelay.browse.browsing',
        fireAt: '2026-11-29T13:00:00.000Z',
        journeyId: 'browse',
        entry: 1,
      },
    ] as CustomerState['timers'],
    tz: 'Asia/Seoul',
    country: 'KR',
    locale: 'ko',
    lastActivityAt: at,
  };
}

describe('packed JSON in the customer item', () => {
  it('reads back exactly the value it packed', () => {
    const value = { text: '한국어 메시지', list: [1, 2.5, null, true], nested: { empty: {} } };
    expect(unpackJson(packJson(value), undefined)).toEqual(value);
  });

  it('packs a typical customer state to under a third of its JSON, so the item fits in one write unit', () => {
    const state = browsingCustomer(who(1));
    const item = stateToItem(state, 1);
    const json = JSON.stringify({ ...state, pseudonym: undefined, v: undefined, outbox: undefined });
    expect(item.doc?.B?.length).toBeLessThan(json.length / 3);
  });

  it('still reads items written before packing, whose doc and outbox are JSON strings', async () => {
    const { client, tableName } = db();
    const pseudonym = who(2);
    const state = browsingCustomer(pseudonym);
    const { pseudonym: _p, v: _v, outbox: _o, ...rest } = state;
    const outbox = [{ kind: 'export' as const, requestId: 'r-1' }];
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: `C#${pseudonym}` },
          sk: { S: 'STATE' },
          v: { N: '3' },
          doc: { S: JSON.stringify(rest) },
          outbox: { S: JSON.stringify(outbox) },
        },
      }),
    );
    expect(await new DynamoCustomerTable({ client, tableName }).load(pseudonym)).toEqual({ ...state, v: 3, outbox });
  });

  it('refuses a format it does not know instead of guessing', () => {
    expect(() => unpackJson({ B: Uint8Array.from([9, 1, 2]) }, {})).toThrow(UnknownPackedFormatError);
  });

  it('gives the fallback when the attribute is absent', () => {
    expect(unpackJson(undefined, [])).toEqual([]);
  });
});
