import { setup } from 'xstate';
import { defineJourney, sendMessage } from '../../core/journey-runtime/definition.ts';
import { JourneyRegistry } from '../../core/journey-runtime/registry.ts';
import { minutes } from '../../core/time.ts';
import { journeyDefinitions } from '../../journeys/index.ts';

const machine = setup({
  types: {} as { events: { type: 'order.placed' } },
  delays: { nudgeDelay: minutes(20) },
  actions: { sendMessage },
}).createMachine({
  id: 'sms-nudge',
  initial: 'waiting',
  states: {
    waiting: { after: { nudgeDelay: 'completed' }, on: { 'order.placed': 'converted' } },
    completed: { type: 'final', entry: { type: 'sendMessage', params: { message: 'nudge' } } },
    converted: { type: 'final' },
  },
});

/**
 * A promotional SMS 20 minutes after every product view (none of the house journeys sends SMS): with it the SMS cap,
 * the US SMS window and KR night consent on SMS get exercised by the property tests.
 */
export const smsNudgeJourney = defineJourney({
  id: 'sms-nudge',
  version: 1,
  goal: 'Test journey: an SMS nudge after each product view.',
  priority: 25,
  entry: { triggers: ['product.viewed'], endedBy: ['order.placed'] },
  messages: { nudge: { channels: ['sms'], template: 'sms-nudge', category: 'promotional' } },
  caps: [{ max: 2, window: minutes(24 * 60) }],
  onConflict: 'defer',
  machine,
});

/** The house journeys plus the SMS nudge. */
export const registryWithSms = new JourneyRegistry([...journeyDefinitions, smsNudgeJourney]);
