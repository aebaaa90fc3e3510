import type { Channel } from '../../core/events/schemas.ts';

/** Pinpoint's recency windows in whole days, as the customer facts count `daysSinceLastActivity`. */
const RECENCY_DAYS: Readonly<Record<string, number>> = { HR_24: 1, DAY_7: 7, DAY_14: 14, DAY_30: 30 };
const CHANNELS: Readonly<Record<string, Channel>> = {
  EMAIL: 'email',
  SMS: 'sms',
  PUSH: 'push',
  APNS: 'push',
  GCM: 'push',
};

type Json = Record<string, unknown>;
const objectAt = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
const valuesOf = (dimension: Json | undefined) =>
  Array.isArray(dimension?.Values)
    ? dimension.Values.filter((value): value is string => typeof value === 'string')
    : [];

export interface SegmentTranslation {
  /** A pattern over the customer facts (docs/authoring.md), when every dimension could be translated. */
  pattern?: Json;
  /** Dimensions with no customer fact: the condition is not imported. */
  untranslated: string[];
  /** How the translation differs from Pinpoint's. */
  differences: string[];
}

/**
 * A split's `SegmentDimensions` as a pattern over the customer facts: `Location.Country` → `country`,
 * `Behavior.Recency` → `daysSinceLastActivity`, `Demographic.Channel` → `reachable`. Any other dimension (endpoint or
 * user attributes, metrics, devices, GPS) has no fact, and then nothing is translated: half a segment would let the
 * wrong customers through.
 */
export function segmentDimensionsToPattern(dimensions: Json): SegmentTranslation {
  const pattern: Json = {};
  const untranslated: string[] = [];
  const differences: string[] = [];
  for (const [group, value] of Object.entries(dimensions)) {
    const fields = objectAt(value) ?? {};
    for (const [field, dimension] of Object.entries(fields)) {
      const path = `${group}.${field}`;
      const spec = objectAt(dimension);
      const exclusive = spec?.DimensionType === 'EXCLUSIVE';
      if (path === 'Location.Country' && valuesOf(spec).length > 0) {
        const countries = valuesOf(spec);
        pattern.country = exclusive ? [{ 'anything-but': countries }] : countries;
      } else if (path === 'Behavior.Recency' && spec && RECENCY_DAYS[String(spec.Duration)]) {
        const days = RECENCY_DAYS[String(spec.Duration)];
        const active = spec.RecencyType !== 'INACTIVE';
        pattern.daysSinceLastActivity = [{ numeric: active ? ['<', days] : ['>=', days] }];
        differences.push(
          `Recency ${spec.Duration} ${active ? 'ACTIVE' : 'INACTIVE'} → daysSinceLastActivity ${active ? '<' : '≥'} ${days}, in whole days of shop activity (Pinpoint: endpoint sessions)`,
        );
      } else if (path === 'Demographic.Channel' && !exclusive && valuesOf(spec).every((item) => CHANNELS[item])) {
        pattern.reachable = [...new Set(valuesOf(spec).map((item) => CHANNELS[item]))];
        differences.push('Channel → reachable: has an address on that channel that has not bounced');
      } else {
        untranslated.push(path);
      }
    }
  }
  if (untranslated.length > 0 || Object.keys(pattern).length === 0) return { untranslated, differences };
  return { pattern, untranslated, differences };
}
