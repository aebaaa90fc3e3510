import { setup } from 'xstate';
import type { Category, MessageChannels } from '../../core/customer/messages.ts';
import { defineJourney, sendMessage } from '../../core/journey-runtime/definition.ts';
import { days } from '../../core/time.ts';

interface PromoOptions {
  id?: string;
  priority?: number;
  channels?: MessageChannels;
  category?: Category;
  onConflict?: 'defer' | 'drop';
  trigger?: 'product.viewed' | 'checkout.started';
}

/**
 * A minimal journey for policy tests: entered by a trigger, it asks for one message at once and waits a week
 * (an `order.placed` ends it as converted). Also an example of a journey definition in ~30 lines.
 */
export function promoJourney(options: PromoOptions = {}) {
  const id = options.id ?? 'promo';
  const machine = setup({
    types: {} as { events: { type: 'order.placed' } },
    delays: { wait: days(7) },
    actions: { sendMessage },
  }).createMachine({
    id,
    initial: 'asked',
    states: {
      asked: {
        entry: { type: 'sendMessage', params: { message: 'offer' } },
        after: { wait: 'completed' },
        on: { 'order.placed': 'converted' },
      },
      completed: { type: 'final' },
      converted: { type: 'final' },
    },
  });
  return defineJourney({
    id,
    version: 1,
    goal: 'Test journey: one message on entry.',
    priority: options.priority ?? 10,
    entry: { triggers: [options.trigger ?? 'product.viewed'] },
    messages: {
      offer: {
        channels: options.channels ?? ['email'],
        template: `${id}-offer`,
        category: options.category ?? 'promotional',
      },
    },
    onConflict: options.onConflict ?? 'drop',
    machine,
  });
}
