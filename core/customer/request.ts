import type { Channel } from '../events/schemas.ts';
import type { Category, MessageVariables, SplitTaken } from './messages.ts';

/** What a journey asked for, with everything needed to decide on it and later explain why it was asked. */
export interface MessageRequest {
  /** Deterministic: `<journeyId>:<first 16 hex of the pseudonym>.<entry>:<message>:<n>`. */
  messageId: string;
  journeyId: string;
  version: number;
  entry: number;
  priority: number;
  onConflict: 'defer' | 'drop';
  message: string;
  channel: Channel;
  template: string;
  category: Category;
  variables: MessageVariables;
  /** State the journey was in when it asked. */
  statePath: string;
  split?: SplitTaken;
  /** The event that moved the journey: an inbound eventId and detail-type, or a timer. */
  trigger: { type: string; eventId?: string };
  askedAt: string;
}

export function messageIdOf(journeyId: string, pseudonym: string, entry: number, message: string, n: number): string {
  return `${journeyId}:${pseudonym.slice(0, 16)}.${entry}:${message}:${n}`;
}
