import { setup } from 'xstate';
import type { Category, MessageChannels } from '../../core/customer/messages.ts';
import type { EventPattern } from '../../core/journey-runtime/conditions.ts';
import { defineJourney, sendMessage } from '../../core/journey-runtime/definition.ts';
import type { SendWindows } from '../../core/policy/send-windows.ts';
import { days } from '../../core/time.ts';

interface PromoOptions {
  id?: string;
  priority?: number;
  channels?: MessageChannels;
  category?: Category;
  onConflict?: 'defer' | 'drop';
  trigger?: 'product.viewed' | 'checkout.started' | 'order.placed';
  /** Entry filter over the trigger's detail. */
  filter?: EventPattern;
  /** Entry segment over the customer facts. */
  segment?: EventPattern;
  sendWindows?: SendWindows;
  /** Trigger fields copied into the message, and those it cannot go without. */
  variables?: readonly string[];
  required?: readonly string[];
}

/**
 * A minimal journey for policy tests: entered by a trigger, it asks for one message at once and waits a week
 * (an `order.placed` ends it as converted). Also an example of a journey definition in ~30 lines.
 */
export function promoJourney(options: PromoOptions = {}) {
  const id = options.id ?? 'promo';
  const machine = setup({
    types: {} as {
      context: Record<string, unknown>;
      events: { type: 'order.placed' };
      input: { trigger: Record<string, unknown> };
    },
    delays: { wait: days(7) },
    actions: { sendMessage },
  }).createMachine({
    id,
    context: ({ input }) => ({ ...input.trigger }),
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
    entry: {
      triggers: [options.trigger ?? 'product.viewed'],
      ...(options.filter ? { filter: options.filter } : {}),
      ...(options.segment ? { segment: options.segment } : {}),
    },
    messages: {
      offer: {
        channels: options.channels ?? ['email'],
        template: `${id}-offer`,
        category: options.category ?? 'promotional',
        ...(options.variables ? { variables: options.variables } : {}),
        ...(options.required ? { required: options.required } : {}),
      },
    },
    onConflict: options.onConflict ?? 'drop',
    ...(options.sendWindows ? { sendWindows: options.sendWindows } : {}),
    machine,
  });
}
