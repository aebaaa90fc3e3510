import { setup } from 'xstate';
import type { ConsentReconfirmationDueEvent } from '../core/events/journey-events.ts';
import { defineJourney, type JourneyInput, journeyMessages } from '../core/journey-runtime/definition.ts';
import { PRIORITY } from './policy.ts';

interface ReconfirmationContext {
  consentChannel: string;
  /** When the consent now due for reconfirmation was given (ISO-8601). */
  grantedAt: string;
}

const reconfirmationVariables = ['consentChannel', 'grantedAt'] as const;
const { messages, sendMessage } = journeyMessages({
  reconfirmByEmail: {
    channels: ['email'],
    template: 'consent-reconfirmation',
    category: 'transactional',
    variables: reconfirmationVariables,
  },
  reconfirmBySms: {
    channels: ['sms'],
    template: 'consent-reconfirmation',
    category: 'transactional',
    variables: reconfirmationVariables,
  },
});

const machine = setup({
  types: {} as {
    context: ReconfirmationContext;
    events: ConsentReconfirmationDueEvent;
    input: JourneyInput<ConsentReconfirmationDueEvent>;
  },
  guards: {
    dueOnText: ({ context }) => context.consentChannel === 'sms' || context.consentChannel === 'kakao',
  },
  actions: { sendMessage },
}).createMachine({
  id: 'consent-reconfirmation',
  context: ({ input }) => ({ consentChannel: input.trigger.channel, grantedAt: input.trigger.grantedAt }),
  initial: 'choosingChannel',
  states: {
    choosingChannel: { always: [{ guard: 'dueOnText', target: 'askedBySms' }, { target: 'askedByEmail' }] },
    askedByEmail: { entry: { type: 'sendMessage', params: { message: 'reconfirmByEmail' } }, always: 'completed' },
    askedBySms: { entry: { type: 'sendMessage', params: { message: 'reconfirmBySms' } }, always: 'completed' },
    completed: { type: 'final' },
  },
});

/**
 * Consent reconfirmation: when the engine finds a marketing consent older than the customer's country allows (KR:
 * two years; `consent.reconfirmation_due`, once per grant), the customer gets a transactional notice of what they
 * agreed to and when, and how to keep or withdraw it. Promotional messages on that channel stay suppressed
 * (`consent_stale`) until a new grant arrives.
 */
export const consentReconfirmationJourney = defineJourney({
  id: 'consent-reconfirmation',
  version: 1,
  goal: 'Ask customers to reconfirm marketing consent that has reached its two-year limit.',
  priority: PRIORITY['consent-reconfirmation'],
  entry: { triggers: ['consent.reconfirmation_due'] },
  messages,
  onConflict: 'defer',
  machine,
});
