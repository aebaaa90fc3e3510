import type { ImportedLifecycle, ReportEntry } from './model.ts';
import type { PinpointJourney } from './pinpoint-schema.ts';

const STATES = {
  DRAFT: 'paused',
  ACTIVE: 'active',
  PAUSED: 'paused',
  COMPLETED: 'stopped',
  CANCELLED: 'stopped',
  CLOSED: 'stopped',
} as const;

/** Where an operator sets the lifecycle: the local file by default, or a deployed stage's parameter. */
const WHERE = '(with --parameter <JourneyLifecycleParameter> for a deployed stage)';

/**
 * State and Schedule. The lifecycle is configuration, not part of the journey file (decision 0008): the report says
 * which `npm run journeys` command to run, and when.
 */
export function mapLifecycle(
  journey: PinpointJourney,
  id: string,
  add: (entry: ReportEntry) => void,
): ImportedLifecycle {
  const state = journey.State ? STATES[journey.State] : 'active';
  const lifecycle: ImportedLifecycle = { state, ...(journey.State ? { source: journey.State } : {}) };
  if (journey.State === 'ACTIVE')
    add({
      path: 'State',
      status: 'mapped',
      to: 'lifecycle',
      note: 'ACTIVE → active: a journey is active once it is registered in journeys/index.ts and deployed',
    });
  else if (state === 'paused')
    add({
      path: 'State',
      status: 'manual',
      to: `npm run journeys -- pause ${id}`,
      note: `${journey.State} → paused. Register the journey in journeys/index.ts, run npm run journeys -- pause ${id} ${WHERE} before deploying it, and resume it when it should start: nobody enters while it is paused, and customers already in it wait (whilePaused)`,
    });
  else if (journey.State)
    add({
      path: 'State',
      status: 'manual',
      to: `npm run journeys -- stop ${id}`,
      note: `${journey.State} → stopped: do not register it, or run npm run journeys -- stop ${id} ${WHERE}; a stop is final (nobody enters, everyone exits)`,
    });
  const schedule = journey.Schedule;
  if (schedule?.StartTime) lifecycle.activeFrom = schedule.StartTime;
  if (schedule?.EndTime) lifecycle.activeUntil = schedule.EndTime;
  if (schedule?.StartTime || schedule?.EndTime) {
    const range = `${schedule.StartTime ?? '…'} to ${schedule.EndTime ?? '…'}${schedule.Timezone ? ` (${schedule.Timezone})` : ''}`;
    add({
      path: 'Schedule',
      status: 'manual',
      to: 'npm run journeys',
      note: `${range}: nothing starts or stops a journey on a date here; it runs from its deploy${schedule.StartTime ? ` (deploy it, or resume it if paused, from ${schedule.StartTime} on)` : ''}${schedule.EndTime ? `; at ${schedule.EndTime} run npm run journeys -- stop ${id} ${WHERE}` : ''}`,
    });
  }
  return lifecycle;
}
