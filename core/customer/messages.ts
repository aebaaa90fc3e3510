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
   * The content comes from the customer's behaviour (viewed products, cart contents, purchase history). Where the
   * policy requires profiling consent and the customer has not given it, `generic` is sent instead (its own template,
   * a subset of the variables), or without one the message is suppressed `no_profiling_consent`.
   */
  profiling?: { generic?: GenericVersion };
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
/**
 * Every template a declared message may go out with: its own and, for a behaviour-based message, its generic
 * version's (with only the generic variables).
 */
export function templateVersions(spec: MessageSpec): MessageSpec[] {
  const generic = spec.profiling?.generic;
  if (!generic) return [spec];
  const { profiling: _profiling, ...plain } = spec;
  return [spec, { ...plain, template: generic.template, variables: generic.variables ?? [] }];
}

/** The version of a behaviour-based message that uses no behaviour: sent without profiling consent. */
export interface GenericVersion {
  template: string;
  /** A subset of the message's `variables`. */
  variables?: readonly string[];
}

/**
 * Variables that only transactional messages may carry (DESIGN.md §5: the PCCC, even masked, is for customs and
 * shipping messages only): a promotional message declaring one fails its definition, a promotional template using
 * one fails to render.
 */
export const TRANSACTIONAL_ONLY_VARIABLES: readonly string[] = ['pccc', 'maskedPccc'];

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
