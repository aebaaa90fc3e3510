import type { CidrBlock, IpAddress } from './ip-address.ts';
import type { NumericRange } from './numeric.ts';
import type { Wildcard } from './wildcard.ts';

/** A JSON value an event can hold at a leaf: what EventBridge compares patterns against. */
export type LeafValue = string | number | boolean | null;

/** What an `anything-but` excludes; a value that is not excluded (of any JSON type) matches. */
export type Exclusion =
  | { kind: 'strings'; values: ReadonlySet<string> }
  | { kind: 'numbers'; values: readonly number[] }
  | { kind: 'prefix' | 'suffix' | 'equals-ignore-case'; values: readonly string[] }
  | { kind: 'wildcard'; values: readonly Wildcard[] };

/** One entry of a pattern leaf array, validated; the entries of one leaf are alternatives (OR). */
export type ValueMatcher =
  | { kind: 'exact'; value: LeafValue; ip: IpAddress | undefined }
  | { kind: 'prefix' | 'suffix'; value: string; ignoreCase: boolean }
  | { kind: 'equals-ignore-case'; value: string }
  | { kind: 'wildcard'; wildcard: Wildcard }
  | { kind: 'anything-but'; exclusion: Exclusion }
  | { kind: 'numeric'; range: NumericRange }
  | { kind: 'cidr'; block: CidrBlock }
  | { kind: 'exists'; present: boolean };

/** A pattern field whose value is an array: matches the leaf values the event has at that place. */
export interface LeafNode {
  kind: 'leaf';
  matchers: readonly ValueMatcher[];
  /** Only `{"exists": false}` entries: satisfied by absence alone. */
  absenceOnly: boolean;
}

/** A pattern object without `$or`: every field must match (AND). */
export interface ObjectNode {
  kind: 'object';
  fields: ReadonlyMap<string, PatternNode>;
  /** Some condition below needs a value to be present; false when only `exists: false` conditions remain. */
  needsPresence: boolean;
}

export type PatternNode = LeafNode | ObjectNode;
