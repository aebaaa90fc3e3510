import type { Channel } from '../events/schemas.ts';
import { toMs } from '../time.ts';
import type { Category, ChannelList, MessageSpec, MessageVariables, SplitTaken } from './messages.ts';

/** What a journey asked for, with everything needed to decide on it and later explain why it was asked. */
export interface MessageRequest {
  /**
   * `<journeyId>:<first 16 hex of the pseudonym>.<entry>.<entered at, ms base 36>:<message>:<n>`, with
   * `.<erased at, ms base 36>` after the entry time for a customer who came back after an erasure.
   */
  messageId: string;
  journeyId: string;
  version: number;
  entry: number;
  priority: number;
  onConflict: 'defer' | 'drop';
  message: string;
  /** The channels that apply to this customer, in order of preference (resolved by country when asked). */
  channels: ChannelList;
  template: string;
  category: Category;
  variables: MessageVariables;
  /** Built from behaviour: the policy may need profiling consent, and send the generic version without it. */
  profiling?: MessageSpec['profiling'];
  /** Required variables (`MessageSpec.required`) the journey had no value for: the policy suppresses the message. */
  missingVariables?: string[];
  /** State the journey was in when it asked. */
  statePath: string;
  split?: SplitTaken;
  /** The event that moved the journey: an inbound eventId and detail-type, or a timer. */
  trigger: { type: string; eventId?: string };
  askedAt: string;
}

/**
 * A message's id: deterministic (a replay gives the same ids), and never the same for two messages: the entry is
 * named by its number and when it began, so entries counted again from 1 after an erasure get new ids; for a customer
 * who came back after an erasure it also names the erasure (`erasedAt`, different for every erasure), so an entry that
 * began in the very millisecond of an earlier one, before the erasure, still gets new ids.
 */
export function messageIdOf(
  journeyId: string,
  pseudonym: string,
  entry: { entries: number; enteredAt: string },
  message: string,
  n: number,
  erasedAt?: string,
): string {
  const began = toMs(entry.enteredAt).toString(36);
  const life = erasedAt ? `.${toMs(erasedAt).toString(36)}` : '';
  return `${journeyId}:${pseudonym.slice(0, 16)}.${entry.entries}.${began}${life}:${message}:${n}`;
}

/** A message request as a customer item may hold it: items written before channel lists hold one `channel`. */
export type StoredRequest = MessageRequest | (Omit<MessageRequest, 'channels'> & { channel: Channel });

/** A stored request with its channel list (a request stored with one `channel` is read as a list of one). */
export function storedRequest(request: StoredRequest): MessageRequest {
  if ('channels' in request) return request;
  const { channel, ...rest } = request;
  return { ...rest, channels: [channel] };
}
