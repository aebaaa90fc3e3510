import type { Channel } from '../events/schemas.ts';

export const CATEGORIES = ['transactional', 'promotional'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Channels in order of preference: the policy sends on the first one it may use and falls back along the rest. */
export type ChannelList = readonly [Channel, ...Channel[]];

/**
 * A message's channels: one list for everyone, or lists by the recipient's country (ISO 3166) with one for the
 * others, e.g. `{ byCountry: { KR: ['kakao', 'sms'] }, others: ['email'] }`.
 */
export type MessageChannels =
  | ChannelList
  | { readonly byCountry: Readonly<Record<string, ChannelList>>; readonly others: ChannelList };

/** A message a journey declares: what is sent, on which channels, and under which consent regime. */
export interface MessageSpec {
  channels: MessageChannels;
  template: string;
  category: Category;
  /** Journey context keys copied into the message as template variables (facts, never identifiers). */
  variables?: readonly string[];
  /**
   * Variables without which the message makes no sense (a template with no fallback for them): when one is missing
   * (null or empty), the message is suppressed with `missing_variable` instead of showing the customer a blank.
   */
  required?: readonly string[];
}

/** The channel list that applies to a recipient in `country` (the `others` list when the country has none). */
export function channelsFor(channels: MessageChannels, country: string | undefined): ChannelList {
  if (!('byCountry' in channels)) return channels;
  return (country !== undefined && channels.byCountry[country]) || channels.others;
}

/** Every channel a message may use, whatever the recipient's country, in first-seen order. */
export function everyChannelOf(channels: MessageChannels): Channel[] {
  const lists = 'byCountry' in channels ? [...Object.values(channels.byCountry), channels.others] : [channels];
  return [...new Set(lists.flat())];
}

/** `kakao→sms→email`, or by country `KR kakao→sms, else email`: a message's channels in one line. */
export function describeChannels(channels: MessageChannels): string {
  if (!('byCountry' in channels)) return channels.join('→');
  const countries = Object.entries(channels.byCountry).map(([country, list]) => `${country} ${list.join('→')}`);
  return [...countries, `else ${channels.others.join('→')}`].join(', ');
}

/** Template variables copied from events: product, cart and order facts, never identifiers. */
export type MessageVariables = Record<string, string | number | boolean | null>;

/** The split a journey took when it asked for a message, and the rule that chose it. */
export interface SplitTaken {
  name: string;
  variant: string;
  rule: string;
  /** The split's control variant, against which the report measures the others. */
  control?: string;
}
