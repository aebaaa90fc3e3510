import type { JourneyDefinition } from '../../core/journey-runtime/definition.ts';
import { JourneyRegistry } from '../../core/journey-runtime/registry.ts';
import { UsageError } from '../cli-errors.ts';

/** `--compare cart@1,cart@2`: one journey, the two versions to replay side by side (the same version twice is allowed). */
export interface CompareSpec {
  journeyId: string;
  versions: readonly [number, number];
}

const VERSION_REF = /^([a-z][a-z0-9-]*)@([1-9][0-9]*)$/;

/** One journey version, `cart@2`. */
export interface VersionRef {
  journeyId: string;
  version: number;
}

/** Reads `<journey>@<version>`; throws `UsageError` naming the option. */
export function parseVersionRef(text: string, option: string): VersionRef {
  const match = VERSION_REF.exec(text.trim());
  if (!match) throw new UsageError(`${option} takes a journey version like cart@2, got "${text}"`);
  return { journeyId: match[1] as string, version: Number(match[2]) };
}

/** Reads `--compare <journey>@<version>,<journey>@<version>`; throws `UsageError` naming the mistake. */
export function parseCompareSpec(text: string): CompareSpec {
  const refs = text.split(',').map((part) => part.trim());
  const parsed = refs.map((ref) => VERSION_REF.exec(ref));
  if (refs.length !== 2 || !parsed[0] || !parsed[1]) {
    throw new UsageError(`--compare takes two journey versions like cart@1,cart@2, got "${text}"`);
  }
  const [[, journeyA, versionA], [, journeyB, versionB]] = parsed as [RegExpExecArray, RegExpExecArray];
  if (journeyA !== journeyB) {
    throw new UsageError(`--compare compares two versions of one journey, got ${journeyA} and ${journeyB}`);
  }
  return { journeyId: journeyA as string, versions: [Number(versionA), Number(versionB)] };
}

export const versionLabel = (journeyId: string, version: number) => `${journeyId}@${version}`;

/**
 * The registry a compared version runs in: every live journey as it is, except the compared one, which runs only
 * the given version (live or candidate), so new entries take it.
 */
export function registryWithVersion(
  spec: Pick<CompareSpec, 'journeyId'>,
  version: number,
  live: readonly JourneyDefinition[],
  candidates: readonly JourneyDefinition[],
): JourneyRegistry {
  const known = [...live, ...candidates].filter((definition) => definition.id === spec.journeyId);
  if (known.length === 0) {
    const ids = [...new Set(live.map((definition) => definition.id))].sort().join(', ');
    throw new UsageError(`--compare: no journey "${spec.journeyId}" (journeys: ${ids})`);
  }
  const chosen = known.find((definition) => definition.version === version);
  if (!chosen) {
    const versions = known.map((definition) => versionLabel(definition.id, definition.version)).join(', ');
    throw new UsageError(`--compare: ${versionLabel(spec.journeyId, version)} does not exist (known: ${versions})`);
  }
  return new JourneyRegistry(live, [], candidates).pinned(spec.journeyId, chosen.version) as JourneyRegistry;
}
