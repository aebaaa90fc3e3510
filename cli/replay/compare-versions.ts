import type { JourneyDefinition } from '../../core/journey-runtime/definition.ts';
import { JourneyRegistry } from '../../core/journey-runtime/registry.ts';
import { UsageError } from '../cli-errors.ts';
import { versionRefOf } from '../version-ref.ts';

/** `--compare cart@1,cart@2`: one journey, the two versions to replay side by side (the same version twice is allowed). */
export interface CompareSpec {
  journeyId: string;
  versions: readonly [number, number];
}

/** Reads `--compare <journey>@<version>,<journey>@<version>`; throws `UsageError` naming the mistake. */
export function parseCompareSpec(text: string): CompareSpec {
  const refs = text.split(',').map((part) => part.trim());
  const [a, b] = refs.map(versionRefOf);
  if (refs.length !== 2 || !a || !b) {
    throw new UsageError(`--compare takes two journey versions like cart@1,cart@2, got "${text}"`);
  }
  if (a.journeyId !== b.journeyId) {
    throw new UsageError(`--compare compares two versions of one journey, got ${a.journeyId} and ${b.journeyId}`);
  }
  return { journeyId: a.journeyId, versions: [a.version, b.version] };
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
