import { SSMClient } from '@aws-sdk/client-ssm';
import { readLifecycleParameter } from '../../adapters/aws/ssm-journey-lifecycle.ts';
import { CachedLifecycleSource } from '../../adapters/cached-lifecycle-source.ts';
import { functionEnvironment } from '../environment.ts';
import type { Powertools } from './powertools.ts';
import { systemClock, traced } from './wiring.ts';

/** How soon a warm function sees a change made with `npm run journeys -- … --parameter` (ms). */
export const LIFECYCLE_MAX_AGE = 30_000;

/**
 * The journeys' lifecycle from the stack's SSM parameter, read at most every 30 s per warm instance (one GetParameter
 * then, none per event). Without the variable (a stage deployed before it existed) every journey is active.
 */
export function journeyLifecycle(tools: Powertools): CachedLifecycleSource | undefined {
  const { journeyLifecycleParameter: name } = functionEnvironment([], ['journeyLifecycleParameter']);
  if (!name) return undefined;
  const client = traced(tools, new SSMClient({}));
  return new CachedLifecycleSource({
    location: name,
    readText: () => readLifecycleParameter(client, name),
    maxAgeMs: LIFECYCLE_MAX_AGE,
    now: () => systemClock.now(),
    onInvalid: (error) =>
      tools.telemetry.error('journey lifecycle parameter is invalid; the last valid one stays in force', {
        parameter: name,
        error: String(error),
      }),
  });
}
