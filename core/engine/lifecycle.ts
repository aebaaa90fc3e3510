import type { JourneyDefinition } from '../journey-runtime/definition.ts';
import { type LifecycleMode, lifecycleModeOf } from '../journey-runtime/lifecycle.ts';
import type { EngineContext } from './round.ts';

export { pausedRecheckOf } from '../journey-runtime/lifecycle.ts';

export function modeOf(ctx: EngineContext, journeyId: string): LifecycleMode {
  if (!ctx.lifecycle?.[journeyId]) return 'run';
  return lifecycleModeOf(ctx.lifecycle, definitionOf(ctx, journeyId) ?? { id: journeyId });
}

function definitionOf(ctx: EngineContext, journeyId: string): JourneyDefinition | undefined {
  return ctx.registry.current().find((definition) => definition.id === journeyId);
}
