import { assign, setup } from 'xstate';
import type { CustomsHoldEvent, JourneyEventOf } from '../core/events/journey-events.ts';
import { defineJourney, type JourneyInput, journeyMessages } from '../core/journey-runtime/definition.ts';
import { days } from '../core/time.ts';
import { PRIORITY } from './policy.ts';

type CustomsCleared = JourneyEventOf<'shipment.customs_cleared'>;
type CustomsEvent = CustomsHoldEvent | CustomsCleared;

interface CustomsContext {
  orderId: string;
  shipmentId: string | null;
  reason: CustomsHoldEvent['reason'];
  /** `P********123`: the whole PCCC never reaches a journey. */
  maskedPccc: string | null;
  respondBy: string | null;
}

const holdVariables = ['orderId', 'shipmentId', 'reason', 'maskedPccc', 'respondBy'] as const;
const { messages, sendMessage } = journeyMessages({
  customsHoldNotice: {
    channels: ['email'],
    template: 'customs-hold',
    category: 'transactional',
    variables: holdVariables,
  },
  customsHoldReminder: {
    channels: ['email'],
    template: 'customs-hold-reminder',
    category: 'transactional',
    variables: holdVariables,
  },
});

const holdFacts = (event: CustomsHoldEvent): CustomsContext => ({
  orderId: event.orderId,
  shipmentId: event.shipmentId ?? null,
  reason: event.reason,
  maskedPccc: event.maskedPccc ?? null,
  respondBy: event.respondBy ?? null,
});

const sameShipment = (context: CustomsContext, event: { orderId: string; shipmentId?: string }) =>
  event.orderId === context.orderId &&
  (!event.shipmentId || !context.shipmentId || event.shipmentId === context.shipmentId);

const machine = setup({
  types: {} as { context: CustomsContext; events: CustomsEvent; input: JourneyInput<CustomsHoldEvent> },
  delays: { reminderGap: days(2), resolutionWindow: days(12) },
  guards: {
    isThisShipment: ({ context, event }) => sameShipment(context, event),
  },
  actions: {
    sendMessage,
    rememberHold: assign(({ event }) => holdFacts(event as CustomsHoldEvent)),
  },
}).createMachine({
  id: 'customs',
  context: ({ input }) => holdFacts(input.trigger),
  initial: 'noticeSent',
  on: {
    'shipment.customs_hold': { target: '.noticeSent', reenter: true, actions: 'rememberHold' },
    'shipment.customs_cleared': { guard: 'isThisShipment', target: '.cleared' },
  },
  states: {
    noticeSent: {
      entry: { type: 'sendMessage', params: { message: 'customsHoldNotice' } },
      after: { reminderGap: 'reminded' },
    },
    reminded: {
      entry: { type: 'sendMessage', params: { message: 'customsHoldReminder' } },
      after: { resolutionWindow: 'unresolved' },
    },
    cleared: { type: 'final' },
    unresolved: { type: 'final' },
  },
});

/**
 * Customs (PCCC) notices: when customs holds a shipment for a missing, mismatched or expired personal customs
 * clearance code, tell the customer at once how to look it up or reissue it on UNI-PASS and update the order; remind
 * once after 2 days if it is still held. Transactional: no marketing consent, caps or quiet hours apply.
 */
export const customsJourney = defineJourney({
  id: 'customs',
  version: 1,
  goal: 'Get held parcels through customs: explain the PCCC problem and its fix at once, remind after 2 days.',
  priority: PRIORITY.customs,
  entry: { triggers: ['shipment.customs_hold'] },
  messages,
  conversion: {
    event: 'shipment.customs_cleared',
    window: days(14),
    matches: (facts, event) => facts.orderId === event.orderId,
  },
  onConflict: 'defer',
  machine,
});
