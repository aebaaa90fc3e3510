import { UnknownDelayError } from '../errors.ts';
import type { SendMessageParams } from './definition.ts';

/** The only file that reads XState action object shapes (pinned to XState 5.33). */
interface ActionLike {
  type: string;
  params?: unknown;
}

export interface TimerRequest {
  /** XState send id, unique within the journey instance. */
  id: string;
  /** The event to deliver when due (`xstate.after.<delay>.<stateId>`). */
  event: string;
  delay: number;
}

export interface ReadActions {
  messages: SendMessageParams[];
  timersToSchedule: TimerRequest[];
  timerIdsToCancel: string[];
}

interface RaiseParams {
  event: { type: string };
  id?: string;
  delay?: number;
}

export function readActions(journeyId: string, actions: readonly ActionLike[]): ReadActions {
  const messages: SendMessageParams[] = [];
  const schedules = new Map<string, TimerRequest>();
  const cancels = new Set<string>();
  for (const action of actions) {
    if (action.type === 'sendMessage') {
      messages.push(action.params as SendMessageParams);
    } else if (action.type === 'xstate.raise') {
      const params = action.params as RaiseParams;
      const eventType = params.event.type;
      if (params.delay === undefined) {
        if (eventType.startsWith('xstate.after.')) throw new UnknownDelayError({ journeyId, delayEvent: eventType });
        continue;
      }
      const id = params.id ?? eventType;
      schedules.set(id, { id, event: eventType, delay: params.delay });
    } else if (action.type === 'xstate.cancel') {
      const { sendId } = action.params as { sendId: string };
      schedules.delete(sendId);
      cancels.add(sendId);
    } else if (!action.type.startsWith('xstate.')) {
      throw new TypeError(`Journey "${journeyId}" used action "${action.type}"; journeys may only use sendMessage`);
    }
  }
  return { messages, timersToSchedule: [...schedules.values()], timerIdsToCancel: [...cancels] };
}
