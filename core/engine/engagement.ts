import type { ProtectedEvent } from '../events/protected.ts';
import { canonicalIso } from '../time.ts';
import type { Round } from './round.ts';

type EngagementEvent = Extract<
  ProtectedEvent,
  { type: 'message.delivered' | 'message.bounced' | 'message.complained' | 'message.opened' | 'message.clicked' }
>;

const ACTIONS = {
  'message.delivered': 'delivered',
  'message.bounced': 'bounced',
  'message.complained': 'complained',
  'message.opened': 'opened',
  'message.clicked': 'clicked',
} as const;

/**
 * What a channel reported about one of our messages (DESIGN.md §12): recorded for the funnel; a hard bounce or a
 * complaint makes the address undeliverable — every later message on that channel is suppressed `undeliverable`
 * until the customer's contact changes.
 */
export function applyEngagement(round: Round, event: EngagementEvent): void {
  const at = canonicalIso(event.occurredAt);
  const action = ACTIONS[event.type];
  round.push({
    kind: 'engagement',
    record: {
      pseudonym: round.draft.pseudonym,
      messageId: event.messageId,
      channel: event.channel,
      action,
      at,
      ...(event.type === 'message.bounced' ? { bounceType: event.bounceType } : {}),
      ...(event.type === 'message.opened' && event.machine ? { machine: true } : {}),
    },
  });
  const unreachable = (event.type === 'message.bounced' && event.bounceType === 'hard') || action === 'complained';
  const since = round.draft.profileAt;
  if (unreachable && !(since && since > at)) {
    round.draft.undeliverable = { ...round.draft.undeliverable, [event.channel]: at };
  }
}
