import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateLocalKeys } from '../../adapters/crypto/local-keys.ts';
import { HmacPseudonymizer } from '../../adapters/crypto/pseudonymizer.ts';
import { DynamoCustomerTable } from '../../adapters/dynamodb/customer-table.ts';
import { startEmbeddedDynamoDb } from '../../adapters/dynamodb/embedded-dynamodb.ts';
import { localPaths } from '../../cli/local/local-services.ts';
import { writeRuntimeFile } from '../../cli/local/runtime-file.ts';
import { parseWhyArgs } from '../../cli/why/args.ts';
import type { Explanation } from '../../cli/why/explain.ts';
import { formatExplanation } from '../../cli/why/format.ts';
import { loadCustomerRecords } from '../../cli/why/load.ts';
import { runWhy } from '../../cli/why/run.ts';
import { summarizeOutcomes } from '../../cli/why/summary.ts';
import type { ConsentProof, DecisionRecord } from '../../core/customer/outbox.ts';
import { type CustomerState, type JourneyInstance, newCustomer } from '../../core/customer/state.ts';
import type { Channel } from '../../core/events/schemas.ts';
import { days } from '../../core/time.ts';
import { useEmbeddedDynamoDb } from '../support/dynalite.ts';
import { asDecisions, asProofs } from '../support/log-entries.ts';

const NOW = Date.parse('2026-11-23T22:30:00Z');
const PSEUDONYM = `c872b48f${'e'.repeat(56)}`;
const SEALED_CONTACT = Buffer.from('sealed contact blob, never printed').toString('base64');

const proofs: Array<[string, Channel, boolean, string]> = [
  ['2026-11-01T10:00:00.000Z', 'email', true, 'signup-form'],
  ['2026-11-19T10:00:00.000Z', 'sms', true, 'checkout'],
  ['2026-11-20T10:00:00.000Z', 'sms', false, 'account-page'],
];
const consentHistory: ConsentProof[] = proofs.map(([at, channel, granted, source], n) => ({
  ...{ pseudonym: PSEUDONYM, at, channel, purpose: 'marketing', granted, source },
  ...{ wordingVersion: 'kr-1', eventId: `e${n}` },
}));
const instance = (value: string, enteredAt: string, entries: number, exit?: object): JourneyInstance => ({
  ...{ version: 1, snapshot: { value, context: {} }, enteredAt, entries, asked: 0 },
  ...(exit ? { status: 'exited', ...exit } : { status: 'active' }),
});
const event = 'xstate.after.lastChanceGap.cart.reminded';

function customer(pseudonym = PSEUDONYM): CustomerState {
  return {
    ...newCustomer(pseudonym),
    ...{ v: 5, contact: SEALED_CONTACT, has: { email: true }, tz: 'Asia/Seoul', country: 'KR' },
    consent: Object.fromEntries(
      consentHistory.map(({ channel, granted, at, source, wordingVersion }) => [
        `${channel}:marketing`,
        { granted, at, source, wordingVersion },
      ]),
    ),
    journeys: {
      cart: instance('reminded', '2026-11-23T20:00:00.000Z', 2),
      browse: instance('carted', '2026-11-23T19:00:00.000Z', 1, {
        outcome: 'carted',
        exitedAt: '2026-11-23T20:00:00.000Z',
      }),
    },
    timers: [
      { kind: 'journey', id: `cart/${event}`, fireAt: '2026-11-24T20:00:00.000Z', journeyId: 'cart', entry: 2, event },
      { kind: 'inactivity', id: 'inactivity', fireAt: '2026-12-23T20:00:00.000Z' },
    ],
    lastActivityAt: '2026-11-23T20:00:00.000Z',
  };
}

const decision = (messageId: string, decidedAt: string, overrides: Partial<DecisionRecord> = {}): DecisionRecord => ({
  ...{ pseudonym: PSEUDONYM, messageId, journeyId: 'cart', version: 1, entry: 2, message: 'cartReminder' },
  ...{ channel: 'email', template: 'cart-reminder', category: 'promotional', statePath: 'reminded' },
  ...{ trigger: { type: 'timer' }, askedAt: decidedAt, decidedAt, outcome: 'send', reasons: [] },
  ...{ policyVersion: 'policy-2026-11-23.1', ...overrides },
});

const decisions: DecisionRecord[] = [
  decision('purchase:1:orderConfirmation:1', '2026-11-10T09:00:00.000Z'),
  decision('purchase:1:orderConfirmation:2', '2026-11-23T12:00:00.000Z', {
    ...{ journeyId: 'purchase', template: 'order-confirmation', category: 'transactional', statePath: 'confirmed' },
    trigger: { type: 'order.placed', eventId: '28048de9-f2f9-4ced-b1d9-45add19bec8f' },
  }),
  decision('cart:1:lastChance:1', '2026-11-23T13:00:00.000Z', {
    template: 'last-chance-with-coupon',
    split: { name: 'coupon', variant: 'withCoupon', rule: 'bucket < 50' },
    ...{ outcome: 'suppressed', reasons: ['frequency_cap'] },
  }),
  decision('cart:2:sms:1', '2026-11-23T14:00:00.000Z', {
    channel: 'sms',
    outcome: 'suppressed',
    reasons: ['no_consent'],
  }),
  decision('cart:2:cartReminder:1', '2026-11-23T21:00:00.000Z', {
    ...{ outcome: 'deferred', reasons: ['quiet_hours', 'night_consent_missing'] },
    deferredUntil: '2026-11-23T23:00:00.000Z',
  }),
];
const knownJourneys = ['cart', 'purchase', 'browse', 're-engagement'];
const options = { now: NOW, since: NOW - days(7), sinceText: '7d', customerId: 'c-42', knownJourneys };

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runWhy(argv, { out: (line) => out.push(line), err: (line) => err.push(line), now: () => NOW });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('why: the explanation of one customer', () => {
  const text = formatExplanation(customer(), decisions, consentHistory, options);

  it('shows the pseudonym and which channels have an address, never contact data', () => {
    expect(text).toContain(`pseudonym      ${PSEUDONYM}`);
    expect(text).toContain('addresses      email');
    expect(text).not.toContain(SEALED_CONTACT);
  });

  it('lists each journey with version, status, outcome, entry and exit times, state and pending timers', () => {
    expect(text).toMatch(/browse\s+1\s+exited\s+carted\s+2026-11-23 19:00:00\s+2026-11-23 20:00:00\s+1\s+carted/);
    expect(text).toMatch(/cart\s+1\s+active\s+-\s+2026-11-23 20:00:00\s+-\s+2\s+reminded/);
    expect(text).toContain('timer 2026-11-24 20:00:00  journey     after lastChanceGap');
    expect(text).toContain('timer 2026-12-23 20:00:00  inactivity  re-engagement may start');
    expect(text).toContain('never entered: purchase, re-engagement');
  });

  it('shows consent per channel and purpose with its time, source, wording and number of proofs', () => {
    expect(text).toMatch(/email\s+marketing\s+granted\s+2026-11-01 10:00:00\s+signup-form\s+kr-1\s+1/);
    expect(text).toMatch(/sms\s+marketing\s+withdrawn\s+2026-11-20 10:00:00\s+account-page\s+kr-1\s+2/);
  });

  it('lists the decisions since --since with why each message was asked for', () => {
    expect(text).not.toContain('2026-11-10 09:00:00');
    expect(text).toMatch(/2026-11-23 12:00:00\s+purchase\s+order-confirmation\s+email\s+transactional\s+send/);
    expect(text).toContain(
      'why: asked on order.placed 28048de9-f2f9-4ced-b1d9-45add19bec8f · in state confirmed · policy policy-2026-11-23.1',
    );
    expect(text).toContain('split coupon → withCoupon (bucket < 50)');
    expect(text).toContain('quiet_hours, night_consent_missing until 2026-11-23 23:00:00 (08:00 Asia/Seoul)');
  });

  it('ends with a one-line summary and the meaning of each reason in plain words', () => {
    expect(text).toContain(
      'In short: 1 message sent, 2 suppressed (frequency_cap ×1, no_consent ×1), ' +
        '1 waiting until 2026-11-23 23:00 UTC (quiet_hours, night_consent_missing).',
    );
    expect(text).toMatch(/no_consent\s+no marketing consent for this channel/);
    expect(text).toContain('cart-reminder (cart) is decided again at 2026-11-23 23:00 UTC.');
  });

  it('says when the generic version went out for want of profiling consent, and what that means', () => {
    const generic = decision('cart:2:cartReminder:2', '2026-11-23T22:00:00.000Z', {
      template: 'cart-reminder-generic',
      generic: { instead: 'cart-reminder', reason: 'no_profiling_consent' },
    });
    const explained = formatExplanation(customer(), [generic], consentHistory, options);
    expect(explained).toMatch(
      /cart-reminder-generic\s+email\s+promotional\s+send\s+generic version instead of cart-reminder \(no_profiling_consent\)/,
    );
    expect(explained).toMatch(/no_profiling_consent\s+the message is built from behaviour/);
  });

  it("shows a shadow version's instance, its timers and its decisions apart from the live ones", () => {
    const shadowed: CustomerState = {
      ...customer(),
      shadows: {
        cart: {
          instance: { ...instance('reminded', '2026-11-23T20:00:00.000Z', 2), version: 2 },
          timers: [
            {
              kind: 'journey',
              id: `cart/${event}`,
              fireAt: '2026-11-24T19:30:00.000Z',
              journeyId: 'cart',
              entry: 2,
              event,
            },
          ],
        },
      },
    };
    const shadowDecision = decision('cart@2:2:cartReminder:1', '2026-11-23T20:30:00.000Z', {
      version: 2,
      outcome: 'shadow',
      wouldBe: 'send',
    });
    const explained = formatExplanation(shadowed, [...decisions, shadowDecision], consentHistory, options);
    expect(explained).toMatch(/cart \(shadow\)\s+2\s+active\s+-\s+2026-11-23 20:00:00\s+-\s+2\s+reminded/);
    expect(explained).toContain('timer 2026-11-24 19:30:00  journey     after lastChanceGap');
    expect(explained).toMatch(/2026-11-23 20:30:00\s+cart\s+cart-reminder\s+email\s+promotional\s+shadow: would send/);
    expect(explained).toContain('why: shadow version cart@2, not sent · asked on timer');
    expect(explained).toContain('In short: 1 message sent, 2 suppressed');
    expect(explained).toContain(', 1 shadow decision (not sent).');
  });

  it('prints one JSON document with the same facts in --json mode', () => {
    const json = JSON.parse(formatExplanation(customer(), decisions, consentHistory, { ...options, json: true }));
    const explanation = json as Explanation;
    expect(explanation.pseudonym).toBe(PSEUDONYM);
    expect(explanation.journeys.map((journey) => [journey.journeyId, journey.state])).toEqual([
      ['browse', 'carted'],
      ['cart', 'reminded'],
    ]);
    expect(explanation.decisions).toHaveLength(4);
    expect(explanation.summary).toMatchObject({
      sent: 1,
      suppressed: 2,
      suppressedBy: { no_consent: 1, frequency_cap: 1 },
    });
    expect(explanation.summary.waiting).toEqual([
      expect.objectContaining({ template: 'cart-reminder', until: '2026-11-23T23:00:00.000Z' }),
    ]);
    expect(JSON.stringify(json)).not.toContain(SEALED_CONTACT);
  });

  it('says when nothing is stored for the pseudonym and when the customer was erased', () => {
    const unknown = formatExplanation(newCustomer(PSEUDONYM), [], [], options);
    expect(unknown).toContain('NOT FOUND');
    expect(unknown).toContain('In short: no message decisions in this period.');
    const erased = formatExplanation(
      { ...newCustomer(PSEUDONYM), erasedAt: '2026-11-20T00:00:00.000Z' },
      [],
      [],
      options,
    );
    expect(erased).toContain('ERASED         2026-11-20 00:00:00');
  });

  it('counts a deferred message that was sent later once, as sent', () => {
    const later = decision('cart:2:cartReminder:1', '2026-11-23T23:00:30.000Z');
    expect(summarizeOutcomes([...decisions, later])).toMatchObject({ messages: 5, sent: 3, waiting: [] });
  });
});

describe('why: reading the records', () => {
  const db = useEmbeddedDynamoDb();

  it('loads the customer, the decisions since a time and the consent history written by the table adapter', async () => {
    const table = new DynamoCustomerTable({ client: db().client, tableName: db().tableName });
    await table.save(customer(), 0);
    await table.append(asDecisions(decisions));
    await table.append(asProofs(consentHistory));
    const records = await loadCustomerRecords(table, PSEUDONYM, '2026-11-16T22:30:00.000Z');
    expect(records.state).toMatchObject({ v: 1, tz: 'Asia/Seoul', journeys: { cart: { status: 'active' } } });
    expect(records.decisions.map((record) => record.messageId)).toEqual(decisions.slice(1).map((d) => d.messageId));
    expect(records.consentHistory).toHaveLength(3);
    const text = formatExplanation(records.state, records.decisions, records.consentHistory, options);
    expect(text).toContain('1 waiting until 2026-11-23 23:00 UTC');
  });
});

describe('npm run why on a local data directory', () => {
  const runtimeInfo = (pid: number, dynamoEndpoint: string) => ({
    ...{ pid, putEventsEndpoint: 'http://127.0.0.1:4010', dynamoEndpoint, tableName: 'journeys' },
    startedAt: new Date(NOW).toISOString(),
  });

  async function dataDirWithCustomer(customerId: string) {
    const dataDir = mkdtempSync(join(tmpdir(), 'journeys-why-'));
    const paths = localPaths(dataDir);
    const { keys } = await loadOrCreateLocalKeys(paths.keyring);
    const pseudonym = await new HmacPseudonymizer(async () => keys.pseudonymKey).pseudonymOf(customerId);
    const db = await startEmbeddedDynamoDb({ path: paths.dynamodb });
    const table = new DynamoCustomerTable({ client: db.client, tableName: db.tableName });
    await table.save(customer(pseudonym), 0);
    await table.append(asDecisions(decisions.map((record) => ({ ...record, pseudonym }))));
    return { dataDir, pseudonym, db };
  }

  it('says there is no local data, and creates no keyring, when the directory was never used', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'journeys-why-')), 'missing');
    const err = `why: no local data in ${dataDir}: run npm start or npm run replay first`;
    expect(await run(['c-42', '--data-dir', dataDir])).toMatchObject({ code: 1, err });
    expect(existsSync(join(dataDir, 'keyring.json'))).toBe(false);
  });

  it('reads through the running runtime named in runtime.json, and explains why not when the store is held', async () => {
    const { dataDir, pseudonym, db } = await dataDirWithCustomer('c-live');
    try {
      await writeRuntimeFile(dataDir, runtimeInfo(process.pid, db.endpoint));
      const live = await run(['c-live', '--data-dir', dataDir, '--since', '7d']);
      expect(live.code).toBe(0);
      expect(live.out).toContain(`pseudonym      ${pseudonym}`);
      expect(live.out).toContain(`through npm start, pid ${process.pid}`);

      writeFileSync(join(dataDir, 'runtime.json'), '{}');
      const held = await run(['c-live', '--data-dir', dataDir]);
      expect(held).toMatchObject({ code: 1, err: expect.stringContaining(`${dataDir} is open in another process`) });
    } finally {
      await db.close();
    }
  });

  it('opens the store itself when the runtime has stopped, ignoring a runtime.json left by a dead process', async () => {
    const { dataDir, pseudonym, db } = await dataDirWithCustomer('c-stopped');
    await db.close();
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    await writeRuntimeFile(dataDir, runtimeInfo(deadPid, 'http://127.0.0.1:1'));
    const at = '2026-11-23T10:00:00.000Z';
    const outcome = (type: string, n: number, error?: string) =>
      JSON.stringify({ 'detail-type': type, detail: { pseudonym, at, messageId: decisions[n]?.messageId, error } });
    const error = 'email send failed: Email address is not verified: someone@example.com';
    const events = [outcome('message.sent', 0), outcome('message.failed', 1, error)];
    writeFileSync(join(dataDir, 'events.jsonl'), `${events.join('\n')}\n`);
    const result = await run(['c-stopped', '--data-dir', dataDir, '--json', '--since', '30d']);
    const explanation = JSON.parse(result.out) as Explanation;
    expect(explanation).toMatchObject({
      customerId: 'c-stopped',
      pseudonym,
      source: expect.stringMatching(/directly/),
    });
    expect(explanation.decisions).toHaveLength(5);
    expect(explanation.summary.text).toMatch(/^2 messages sent \(1 delivered, 1 failed\), 2 suppressed/);
    expect(result.out).toContain('Email address is not verified: ***@***');
    expect(result.out).not.toContain('someone@example.com');
  });
});

describe('npm run why command line', () => {
  it('reads durations and dates for --since and defaults to 30 days', () => {
    const since = (argv: string[]) => {
      const command = parseWhyArgs(['c-1', ...argv], NOW);
      return command.kind === 'explain' ? command.options.since : undefined;
    };
    expect(since([])).toBe(NOW - days(30));
    expect(since(['--since', '36h'])).toBe(NOW - 36 * 3_600_000);
    expect(since(['--since', '2026-11-01'])).toBe(Date.parse('2026-11-01'));
  });

  it('takes a deployed table with the pseudonym secret, or a pseudonym without a customerId', () => {
    const aws = ['--table', 'T', '--pseudonym-secret', 'S', '--region', 'eu-west-1'];
    const options = { customerId: 'c-1', aws: { table: 'T', pseudonymSecret: 'S', region: 'eu-west-1' } };
    expect(parseWhyArgs(['c-1', ...aws], NOW)).toMatchObject({ options });
    expect(parseWhyArgs(['--pseudonym', PSEUDONYM.toUpperCase(), '--table', 'T'], NOW)).toMatchObject({
      options: { pseudonym: PSEUDONYM, aws: { table: 'T' } },
    });
  });

  it('refuses incomplete or contradictory options with a usage error', async () => {
    expect(() => parseWhyArgs([], NOW)).toThrow(/a customerId is required/);
    expect(() => parseWhyArgs(['c-1', '--table', 'T'], NOW)).toThrow(/--pseudonym-secret/);
    expect(() => parseWhyArgs(['c-1', '--pseudonym-secret', 'S'], NOW)).toThrow(/add --table/);
    expect(() => parseWhyArgs(['c-1', '--since', 'soon'], NOW)).toThrow(/Not a duration/);
    expect(() => parseWhyArgs(['--pseudonym', 'abc'], NOW)).toThrow(/64 hex/);
    expect(await run(['--help'])).toMatchObject({ code: 0, out: expect.stringContaining('npm run why -- <customer') });
  });
});
