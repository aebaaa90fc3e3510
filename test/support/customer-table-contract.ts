import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../core/customer/log.ts';
import type { ConsentProof, DecisionRecord } from '../../core/customer/outbox.ts';
import { type CustomerState, newCustomer } from '../../core/customer/state.ts';
import { wakeShardOf } from '../../core/customer/wake.ts';
import { VersionConflictError } from '../../core/errors.ts';
import type { CustomerEraser, CustomerStore, DecisionLog, LogScanner, WakeIndex } from '../../core/ports/store.ts';
import { asDecisions, asProofs } from './log-entries.ts';

/** Everything the single table serves: the customer item, the logs beside it, the `wake` index and erasure. */
export type CustomerTable = CustomerStore & DecisionLog & LogScanner & WakeIndex & CustomerEraser;

let counter = 0;
/** A fresh 64-hex pseudonym (optionally in a given wake shard), so tests sharing one table never meet. */
export function freshPseudonym(shard?: number): string {
  for (;;) {
    counter += 1;
    const candidate = `${counter.toString(16).padStart(8, '0')}${'c'.repeat(56)}`;
    if (shard === undefined || wakeShardOf(candidate) === shard) return candidate;
  }
}

export const decisionOf = (who: string, n: number, decidedAt: string): DecisionRecord => ({
  messageId: `cart:${who.slice(0, 16)}.1.k:cartReminder:${n}`,
  pseudonym: who,
  journeyId: 'cart',
  version: 1,
  entry: 1,
  message: 'cartReminder',
  channel: 'email',
  template: 'cart-reminder',
  category: 'promotional',
  statePath: 'reminded',
  trigger: { type: 'timer' },
  askedAt: decidedAt,
  decidedAt,
  outcome: 'send',
  reasons: [],
  policyVersion: 'p1',
});

const proofOf = (who: string, at: string, granted: boolean): ConsentProof => ({
  pseudonym: who,
  at,
  channel: 'email',
  purpose: 'marketing',
  granted,
  source: 'signup',
  wordingVersion: 'v1',
  eventId: `e-${at}`,
});

const customer = (who: string, extra: Partial<CustomerState> = {}): CustomerState => ({
  ...newCustomer(who),
  ...extra,
});

/**
 * The behaviour `DynamoCustomerTable` has and every other implementation must match: the same suite runs against
 * the embedded DynamoDB and the in-memory table.
 */
export function customerTableContract(name: string, table: () => CustomerTable): void {
  describe(`${name}: customer table contract`, () => {
    it('reads a customer never stored as a new customer at version 0', async () => {
      const who = freshPseudonym();
      expect(await table().load(who)).toEqual(newCustomer(who));
    });

    it('saves at version 0, returns the stored state one version up, and reads it back', async () => {
      const who = freshPseudonym();
      const state = customer(who, { contact: Buffer.from('sealed').toString('base64'), tz: 'Asia/Seoul' });
      const saved = await table().save(state, 0);
      expect(saved).toMatchObject({ ...state, v: 1 });
      expect(await table().load(who)).toEqual({ ...state, v: 1 });
    });

    it('keeps its own copy: changing what was saved or loaded does not change the item', async () => {
      const who = freshPseudonym();
      const state = customer(who, { journeys: {}, seen: ['a'] });
      const saved = await table().save(state, 0);
      state.seen.push('b');
      saved.seen.push('c');
      const loaded = await table().load(who);
      loaded.seen.push('d');
      expect((await table().load(who)).seen).toEqual(['a']);
    });

    it('refuses a save when the item changed since the version read (VersionConflictError)', async () => {
      const who = freshPseudonym();
      await table().save(customer(who), 0);
      await expect(table().save(customer(who), 0)).rejects.toBeInstanceOf(VersionConflictError);
      await table().save(customer(who, { v: 1, tz: 'UTC' }), 1);
      await expect(table().save(customer(who, { v: 1 }), 1)).rejects.toThrow(/changed since version 1/);
      await expect(table().save(customer(freshPseudonym()), 3)).rejects.toBeInstanceOf(VersionConflictError);
      expect(await table().load(who)).toMatchObject({ v: 2, tz: 'UTC' });
    });

    it('clears the outbox only at the expected version, and clearing does not move the version', async () => {
      const who = freshPseudonym();
      const at = '2026-11-23T10:00:00.000Z';
      const outbox = [{ kind: 'erasure' as const, reason: 'account_closed', erasedAt: at, at }];
      await table().save(customer(who, { outbox }), 0);
      expect(await table().clearOutbox(who, 0)).toBe(false);
      expect((await table().load(who)).outbox).toEqual(outbox);
      expect(await table().clearOutbox(who, 1)).toBe(true);
      expect(await table().load(who)).toMatchObject({ v: 1, outbox: [] });
      expect(await table().clearOutbox(freshPseudonym(), 1)).toBe(false);
      expect((await table().save(customer(who, { v: 1 }), 1)).v).toBe(2);
    });

    it('indexes a customer in its shard at its indexed wake time until it has none', async () => {
      const who = freshPseudonym();
      const shard = wakeShardOf(who);
      const at = '2031-01-01T10:00:00.000Z';
      await table().save(customer(who, { indexedWakeAt: at }), 0);
      const mine = (list: { pseudonym: string }[]) => list.filter((entry) => entry.pseudonym === who);
      expect(mine(await table().dueBy(shard, '2031-01-01T09:59:59.999Z', 1000))).toEqual([]);
      expect(mine(await table().dueBy(shard, at, 1000))).toEqual([{ pseudonym: who, wakeAt: at }]);
      expect(mine(await table().dueBy((shard + 1) % 16, '2099-01-01T00:00:00.000Z', 1000))).toEqual([]);
      expect((await table().load(who)).indexedWakeAt).toBe(at);
      await table().save(customer(who, { indexedWakeAt: '2031-02-01T00:00:00.000Z' }), 1);
      expect(mine(await table().dueBy(shard, '2031-01-31T00:00:00.000Z', 1000))).toEqual([]);
      expect(mine(await table().dueBy(shard, '2031-02-01T00:00:00.000Z', 1000))).toHaveLength(1);
      await table().save(customer(who), 2);
      expect(mine(await table().dueBy(shard, '2099-01-01T00:00:00.000Z', 1000))).toEqual([]);
    });

    it('answers a shard earliest first and at most `limit`', async () => {
      const shard = 5;
      const times = ['2001-03-01T00:00:03.000Z', '2001-03-01T00:00:01.000Z', '2001-03-01T00:00:02.000Z'];
      const customers = times.map(() => freshPseudonym(shard));
      for (const [index, who] of customers.entries()) {
        await table().save(customer(who, { indexedWakeAt: times[index] as string }), 0);
      }
      const due = await table().dueBy(shard, '2001-03-01T00:00:02.500Z', 10);
      expect(due).toEqual([
        { pseudonym: customers[1], wakeAt: times[1] },
        { pseudonym: customers[2], wakeAt: times[2] },
      ]);
      expect(await table().dueBy(shard, '2001-12-31T00:00:00.000Z', 2)).toEqual(due);
    });

    it('appends decisions (a repeat replaces) and reads them oldest first since a time', async () => {
      const who = freshPseudonym();
      const other = freshPseudonym();
      const at = (minute: number) => `2026-11-23T10:${String(minute).padStart(2, '0')}:00.000Z`;
      const records = Array.from({ length: 30 }, (_, n) => decisionOf(who, n, at(59 - n)));
      await table().append(asDecisions(records));
      await table().append(asDecisions([records[0] as DecisionRecord, decisionOf(other, 1, at(1))]));
      const all = await table().decisions(who);
      expect(all).toHaveLength(30);
      expect(all.map((record) => record.decidedAt)).toEqual([...records.map((record) => record.decidedAt)].sort());
      expect(all[0]).toEqual(records[29]);
      expect(await table().decisions(who, '2026-11-23T10:50')).toHaveLength(10);
      expect(await table().decisions(who, at(59))).toEqual([records[0]]);
      expect(await table().decisions(freshPseudonym())).toEqual([]);
    });

    it('keeps an append-only consent history in time order', async () => {
      const who = freshPseudonym();
      await table().append(asProofs([proofOf(who, '2026-06-01T00:00:00.000Z', false)]));
      await table().append(asProofs([proofOf(who, '2026-01-01T00:00:00.000Z', true)]));
      expect((await table().consentHistory(who)).map((entry) => entry.granted)).toEqual([true, false]);
      expect(await table().consentHistory(freshPseudonym())).toEqual([]);
    });

    it('scans every log entry of every customer back as written, of every kind, and no customer item', async () => {
      const who = freshPseudonym();
      const at = '2026-11-23T10:00:00.000Z';
      const written: LogEntry[] = [
        ...asDecisions([decisionOf(who, 1, at)]),
        ...asProofs([proofOf(who, at, true)]),
        { kind: 'journey', record: { pseudonym: who, journeyId: 'cart', version: 1, entry: 1, at, change: 'entered' } },
        {
          kind: 'journey',
          record: { pseudonym: who, journeyId: 'cart', version: 1, entry: 1, at, change: 'exited', outcome: 'expired' },
        },
        {
          kind: 'conversion',
          record: { pseudonym: who, journeyId: 'cart', version: 1, entry: 1, at, event: 'order.placed' },
        } as LogEntry,
        { kind: 'engagement', record: { pseudonym: who, messageId: 'm-1', channel: 'email', action: 'opened', at } },
      ];
      await table().save(customer(who), 0);
      await table().append(written);
      const scanned: LogEntry[] = [];
      for await (const entry of table().scanLog()) {
        if ((entry.kind === 'consent-proof' ? entry.proof : entry.record).pseudonym === who) scanned.push(entry);
      }
      const order = (entries: LogEntry[]) => entries.map((entry) => JSON.stringify(entry)).sort();
      expect(order(scanned)).toEqual(order(written));
    });

    it('erases every record but the customer item, which stays readable as the tombstone, and a repeat reports what the erasure deleted', async () => {
      const who = freshPseudonym();
      const neighbour = freshPseudonym();
      await table().save(customer(who, { contact: 'c2VhbGVk' }), 0);
      await table().append(
        asDecisions([decisionOf(who, 1, '2026-11-23T10:00:00.000Z'), decisionOf(who, 2, '2026-11-23T10:01:00.000Z')]),
      );
      await table().append(asProofs([proofOf(who, '2026-01-01T00:00:00.000Z', true)]));
      await table().append(asDecisions([decisionOf(neighbour, 1, '2026-11-23T10:00:00.000Z')]));
      await table().save(customer(who, { erasedAt: '2026-11-23T12:00:00.000Z' }), 1);
      const erasure = { erasedAt: '2026-11-23T12:00:00.000Z', request: 'r-1' };
      expect(await table().eraseRecords(who, erasure)).toBe(3);
      expect(await table().eraseRecords(who, erasure)).toBe(3);
      expect(await table().eraseRecords(who, { ...erasure, request: 'r-2' })).toBe(0);
      expect(await table().decisions(who)).toEqual([]);
      expect(await table().consentHistory(who)).toEqual([]);
      expect(await table().decisions(neighbour)).toHaveLength(1);
      expect(await table().load(who)).toMatchObject({ v: 2, erasedAt: '2026-11-23T12:00:00.000Z', journeys: {} });
    });

    it('an erasure done again deletes what is left yet reports the count its first run recorded', async () => {
      const who = freshPseudonym();
      const erasure = { erasedAt: '2026-11-23T12:00:00.000Z', request: 'reason:account_closed' };
      await table().append(asDecisions([decisionOf(who, 1, '2026-11-23T10:00:00.000Z')]));
      expect(await table().eraseRecords(who, erasure)).toBe(1);
      // As if the first run had died halfway through its deletes:
      await table().append(asDecisions([decisionOf(who, 2, '2026-11-23T10:01:00.000Z')]));
      expect(await table().eraseRecords(who, erasure)).toBe(1);
      expect(await table().decisions(who)).toEqual([]);
    });

    it("keeps the first number of destroyed keys put on an erasure's receipt", async () => {
      const who = freshPseudonym();
      const erasure = { erasedAt: '2026-11-23T12:00:00.000Z', request: 'r-1' };
      await table().eraseRecords(who, erasure);
      expect(await table().recordKeysDestroyed(who, erasure, 2)).toBe(2);
      expect(await table().recordKeysDestroyed(who, erasure, 0)).toBe(2);
      expect(await table().recordKeysDestroyed(who, { ...erasure, request: 'r-2' }, 0)).toBe(0);
      expect(await table().eraseRecords(who, erasure)).toBe(0);
    });
  });
}
