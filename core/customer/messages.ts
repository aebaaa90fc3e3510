import type { Channel } from '../events/schemas.ts';

export const CATEGORIES = ['transactional', 'promotional'] as const;
export type Category = (typeof CATEGORIES)[number];

/** A message a journey declares: what is sent, on which channel, and under which consent regime. */
export interface MessageSpec {
  channel: Channel;
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
