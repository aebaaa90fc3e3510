import { assign, setup } from 'xstate';
import type { JourneyEventOf } from '../core/events/journey-events.ts';
import { defineJourney, type JourneyInput, journeyMessages } from '../core/journey-runtime/definition.ts';
import { minutes } from '../core/time.ts';
import { PRIORITY } from './policy.ts';

type ConsentChanged = JourneyEventOf<'consent.changed'>;

interface ReceiptContext {
  /**
   * The changes being confirmed, `<channel>/<purpose>/<granted|withdrawn>` joined by commas, one per channel and
   * purpose (the latest), sorted: what the templates list.
   */
  changes: string;
  /** When the latest change occurred (ISO-8601): the date the notice states. */
  changedAt: string;
  /** How the latest change was made, e.g. `checkout`, `unsubscribe-link`. */
  changeSource: string;
}

const receiptVariables = ['changes', 'changedAt', 'changeSource'] as const;
const { messages, sendMessage } = journeyMessages({
  receiptByEmail: {
    channels: ['email'],
    template: 'consent-receipt',
    category: 'transactional',
    variables: receiptVariables,
  },
  receiptBySms: {
    channels: ['sms'],
    template: 'consent-receipt',
    category: 'transactional',
    variables: receiptVariables,
  },
});

/** Adds a change to the pending list: the later one per channel and purpose, a withdrawal on a tie (decision 0005). */
function withChange(context: ReceiptContext | undefined, event: ConsentChanged): ReceiptContext {
  const byKey = new Map<string, { at: string; granted: boolean }>();
  for (const item of context?.changes ? context.changes.split(',') : []) {
    const [channel, purpose, result, at = ''] = item.split('/');
    byKey.set(`${channel}/${purpose}`, { granted: result === 'granted', at });
  }
  const key = `${event.channel}/${event.purpose}`;
  const current = byKey.get(key);
  if (!current || current.at < event.occurredAt || (current.at === event.occurredAt && !event.granted)) {
    byKey.set(key, { granted: event.granted, at: event.occurredAt });
  }
  const latest = !context || context.changedAt <= event.occurredAt;
  return {
    changes: [...byKey]
      .map(([name, value]) => `${name}/${value.granted ? 'granted' : 'withdrawn'}/${value.at}`)
      .sort()
      .join(','),
    changedAt: latest ? event.occurredAt : context.changedAt,
    changeSource: latest ? event.source : context.changeSource,
  };
}

const onChannels = (context: ReceiptContext, channels: readonly string[]) =>
  context.changes.split(',').some((item) => channels.includes(item.split('/')[0] ?? ''));

const machine = setup({
  types: {} as { context: ReceiptContext; events: ConsentChanged; input: JourneyInput<ConsentChanged> },
  delays: { settleTime: minutes(5) },
  guards: {
    // A text-message channel's change is confirmed by text (KakaoTalk: by SMS until an AlimTalk template exists);
    // email, push and "all" by email.
    concernsText: ({ context }) => onChannels(context, ['sms', 'kakao']),
    concernsEmail: ({ context }) => onChannels(context, ['email', 'push', 'all']),
  },
  actions: {
    sendMessage,
    addChange: assign(({ context, event }) => withChange(context, event)),
  },
}).createMachine({
  id: 'consent-receipt',
  context: ({ input }) => withChange(undefined, input.trigger),
  initial: 'settling',
  states: {
    // Changes made together (a sign-up form, a profile and its consents arriving in any order) get one receipt, and
    // the address it goes to has arrived by then.
    settling: {
      on: { 'consent.changed': { actions: 'addChange' } },
      after: { settleTime: 'notifyingByEmail' },
    },
    notifyingByEmail: {
      always: [
        {
          guard: 'concernsEmail',
          target: 'notifyingByText',
          actions: { type: 'sendMessage', params: { message: 'receiptByEmail' } },
        },
        { target: 'notifyingByText' },
      ],
    },
    notifyingByText: {
      always: [
        {
          guard: 'concernsText',
          target: 'completed',
          actions: { type: 'sendMessage', params: { message: 'receiptBySms' } },
        },
        { target: 'completed' },
      ],
    },
    completed: { type: 'final' },
  },
});

/**
 * Consent receipt: every consent change (grant or withdrawal, any source, the one-click unsubscribe included) is
 * confirmed by a transactional notice of its result — what changed, when, and how to change it again — on the
 * channel it is about (정보통신망법 §50: within 14 days), five minutes after the first change so that changes made
 * together share one notice. Email for email, push and "all"; SMS for SMS and KakaoTalk.
 */
export const consentReceiptJourney = defineJourney({
  id: 'consent-receipt',
  version: 1,
  goal: 'Tell the customer the result of every consent change they make, as the law requires.',
  priority: PRIORITY['consent-receipt'],
  entry: { triggers: ['consent.changed'] },
  messages,
  onConflict: 'defer',
  machine,
});
