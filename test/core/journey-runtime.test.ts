import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { InvalidJourneyDefinitionError, UnknownDelayError, UnknownJourneyError } from '../../core/errors.ts';
import { defineJourney, sendMessage } from '../../core/journey-runtime/definition.ts';
import { JourneyRegistry } from '../../core/journey-runtime/registry.ts';
import { startJourney as start, stepJourney } from '../../core/journey-runtime/step.ts';
import { routeTable } from '../../core/routes.ts';
import { hours } from '../../core/time.ts';
import { journeyDefinitions, registry } from '../../journeys/index.ts';
import { promoJourney } from '../support/test-journeys.ts';

function waitingMachine(delayName: string) {
  return setup({
    types: {} as { events: { type: 'order.placed' } },
    delays: { reminderGap: hours(1) },
    actions: { sendMessage },
  }).createMachine({
    id: 'typo',
    initial: 'waiting',
    states: {
      waiting: { after: { [delayName]: 'reminded' } },
      reminded: { entry: { type: 'sendMessage', params: { message: 'nudge' } }, type: 'final' },
    },
  });
}

const journeyWith = (machine: ReturnType<typeof waitingMachine>, messages = {}) => ({
  id: 'typo',
  version: 1,
  goal: 'test',
  priority: 1,
  entry: { triggers: ['product.viewed' as const] },
  messages: { nudge: { channels: ['email'] as const, template: 't', category: 'promotional' as const }, ...messages },
  onConflict: 'drop' as const,
  machine,
});

describe('journey definitions', () => {
  it.each(journeyDefinitions.map((definition) => [definition.id, definition]))(
    '%s declares a goal, resolves every delay and declares every message it asks for',
    (_id, definition) => {
      expect(() => defineJourney(definition)).not.toThrow();
      expect(definition.goal.length).toBeGreaterThan(20);
      expect(Object.keys(definition.messages).length).toBeGreaterThan(0);
    },
  );

  it('throws UnknownDelayError at definition time for a misspelled delay name', () => {
    expect(() => defineJourney(journeyWith(waitingMachine('reminderGapp')))).toThrow(UnknownDelayError);
    expect(() => defineJourney(journeyWith(waitingMachine('reminderGap')))).not.toThrow();
  });

  it('throws UnknownDelayError from a step when an unresolved delay slips through', () => {
    const unchecked = journeyWith(waitingMachine('reminderGapp'));
    expect(() => start(unchecked, { bucket: 0, trigger: {} })).toThrow(/reminderGapp/);
  });

  it('rejects a journey that asks for a message it does not declare', () => {
    const definition = { ...journeyWith(waitingMachine('reminderGap')), messages: {} };
    expect(() => defineJourney(definition)).toThrow(InvalidJourneyDefinitionError);
  });

  it('rejects a promotional message that would carry the PCCC, even masked', () => {
    const nudge = { channel: 'email' as const, template: 't', category: 'promotional' as const };
    for (const variable of ['pccc', 'maskedPccc']) {
      const definition = journeyWith(waitingMachine('reminderGap'), { nudge: { ...nudge, variables: [variable] } });
      expect(() => defineJourney(definition)).toThrow(`promotional message "nudge" may never carry ${variable}`);
    }
    const notice = { ...nudge, category: 'transactional' as const, variables: ['maskedPccc'] };
    expect(() => defineJourney(journeyWith(waitingMachine('reminderGap'), { nudge: notice }))).not.toThrow();
  });

  it('rejects a generic version that uses variables its message does not declare, or shares its template', () => {
    const nudge = { channel: 'email' as const, template: 't', category: 'promotional' as const };
    const leaky = { ...nudge, variables: ['itemCount'], profiling: { generic: { template: 'g', variables: ['sku'] } } };
    expect(() => defineJourney(journeyWith(waitingMachine('reminderGap'), { nudge: leaky }))).toThrow(
      'the generic version of "nudge" uses sku, which it does not declare',
    );
    const same = { ...nudge, profiling: { generic: { template: 't' } } };
    expect(() => defineJourney(journeyWith(waitingMachine('reminderGap'), { nudge: same }))).toThrow(
      'needs a template of its own',
    );
  });
});

describe('journey runtime', () => {
  it('returns the snapshot, the commands and the timers to schedule and cancel', () => {
    const definition = journeyWith(waitingMachine('reminderGap'));
    const entered = start(definition, { bucket: 0, trigger: {} });
    expect(entered).toMatchObject({
      snapshot: { value: 'waiting' },
      commands: [],
      timersToSchedule: [{ id: 'xstate.after.reminderGap.typo.waiting', delay: hours(1) }],
      timerIdsToCancel: [],
    });
    const fired = stepJourney(definition, JSON.parse(JSON.stringify(entered.snapshot)), {
      type: 'xstate.after.reminderGap.typo.waiting',
    });
    expect(fired).toMatchObject({ outcome: 'reminded', commands: [{ message: 'nudge' }] });
    expect(fired.timerIdsToCancel).toEqual(['xstate.after.reminderGap.typo.waiting']);
  });

  it('derives the route table from the journeys plus the engine types, privacy requests included', () => {
    expect(routeTable(registry)).toEqual({
      ingest: [
        'product.viewed',
        'cart.item_added',
        'cart.item_removed',
        'checkout.started',
        'order.placed',
        'customer.profile_updated',
        'consent.changed',
        'shipment.customs_hold',
        'shipment.customs_cleared',
        'privacy.erasure_requested',
        'privacy.export_requested',
        'customer.account_closed',
        'message.delivered',
        'message.bounced',
        'message.complained',
        'message.opened',
        'message.clicked',
      ],
      narrowed: {}, // the engine reads every detail-type the house journeys enter on (core/routes.ts)
    });
  });

  it('routes a new journey trigger without any other change', () => {
    const withWishlist = new JourneyRegistry([promoJourney({ trigger: 'checkout.started' })]);
    expect(routeTable(withWishlist).ingest).toEqual([
      'checkout.started',
      'order.placed',
      'customer.profile_updated',
      'consent.changed',
      'privacy.erasure_requested',
      'privacy.export_requested',
      'customer.account_closed',
      'message.delivered',
      'message.bounced',
      'message.complained',
      'message.opened',
      'message.clicked',
    ]);
  });
});

describe('journey registry versions', () => {
  const v1 = promoJourney({ id: 'offer' });
  const v2 = { ...promoJourney({ id: 'offer' }), version: 2 };

  it('enters new customers on the latest version and keeps old versions runnable', () => {
    const both = new JourneyRegistry([v1, v2]);
    expect(both.latest('offer').version).toBe(2);
    expect(both.resolve('offer', 1, { value: 'asked', context: {} }).definition).toBe(v1);
  });

  it('migrates a retired version with a recorded migration, and refuses one without', () => {
    const migrated = new JourneyRegistry(
      [v2],
      [
        {
          journeyId: 'offer',
          fromVersion: 1,
          toVersion: 2,
          migrate: (snapshot) => ({ ...snapshot, context: { migrated: true } }),
        },
      ],
    );
    expect(migrated.resolve('offer', 1, { value: 'asked', context: {} })).toMatchObject({
      definition: v2,
      snapshot: { context: { migrated: true } },
    });
    expect(() => new JourneyRegistry([v2]).resolve('offer', 1, { value: 'asked', context: {} })).toThrow(
      UnknownJourneyError,
    );
  });
});
