import type { Category } from '../../core/customer/messages.ts';
import type { Channel, DetailType } from '../../core/events/schemas.ts';

/**
 * How one Pinpoint setting came over: `mapped` (same behaviour on main), `approximated` (mapped, the difference is
 * said), `pending` (written as declarative metadata for an engine feature not on main yet: `needs` names the issue
 * item), `unsupported` (not imported, with the reason) or `ignored` (bookkeeping with no behaviour).
 */
export type ImportStatus = 'mapped' | 'approximated' | 'pending' | 'unsupported' | 'ignored';

export interface ReportEntry {
  /** Path in the Pinpoint journey, e.g. `Limits.DailyCap` or `Activities.Reminder`. */
  path: string;
  status: ImportStatus;
  /** Where it went in the generated file, e.g. `caps[0]` or `state reminder`. */
  to?: string;
  /** Why, or what differs. */
  note: string;
}

/** A condition the journey remembers when a matching event arrives: its id, event types and detail pattern. */
export interface RememberedCondition {
  id: string;
  types: DetailType[];
  pattern?: Record<string, unknown>;
}

/** A branch of a conditional split: taken when `all` (or any) of the remembered conditions were seen. */
export interface ConditionBranch {
  conditions: string[];
  operator: 'all' | 'any';
  target: string;
}

export type ImportedState =
  | { kind: 'message'; activity: string; message: string; split?: SplitLabel; next: string }
  | { kind: 'wait'; activity: string; delay: string; next: string }
  | { kind: 'pass'; activity: string; next: string; note: string }
  | { kind: 'conditional'; activity: string; delay?: string; branches: ConditionBranch[]; otherwise: string }
  | {
      kind: 'random';
      activity: string;
      split: string;
      branches: Array<{ below: number; variant: string; target: string }>;
    }
  | { kind: 'holdout'; activity: string; split: string; percent: number; next: string }
  | { kind: 'final'; note: string };

/** The random-split branch that leads to a message, recorded with it in the decision log. */
export interface SplitLabel {
  name: string;
  variant: string;
  rule: string;
}

export interface ImportedMessage {
  channel: Channel;
  template: string;
  category: Category;
  variables: string[];
  /** Pinpoint's template name and version, for the stub and the report. */
  source: { activity: string; templateName?: string; templateVersion?: string };
}

/** Declarative settings for engine features that other branches are adding (issue 16 items 1–5). */
export interface PendingSettings {
  entryFilter?: Record<string, unknown>;
  sendWindows?: {
    openHours?: Partial<Record<Channel, Partial<Record<string, Array<{ start: string; end: string }>>>>>;
    closedDays?: Array<{ name: string; from: string; to?: string }>;
  };
  limits?: { perSecond?: number };
  lifecycle?: { state: 'active' | 'paused' | 'stopped'; activeFrom?: string; activeUntil?: string };
}

export interface ImportedJourney {
  id: string;
  name: string;
  /** Pinpoint's description of who enters. */
  description?: string;
  sourceFile: string;
  triggers: DetailType[];
  /** Every event type the machine reacts to: triggers and remembered conditions. */
  eventTypes: DetailType[];
  facts: string[];
  messages: Record<string, ImportedMessage>;
  delays: Record<string, number>;
  conditions: RememberedCondition[];
  initial: string;
  states: Record<string, ImportedState>;
  caps: Array<{ max: number; window: number; source: string }>;
  entry: { maxEntries?: number; reentryCooldown?: number };
  pending: PendingSettings;
  report: ReportEntry[];
}
