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
