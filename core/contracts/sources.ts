/** `source` of every event and internal message the orchestrator itself produces (outbound events, timers). */
export const ORCHESTRATOR_SOURCE = 'journeys.orchestrator';

/** The bus the orchestrator listens on unless the stage names another. */
export const DEFAULT_BUS_NAME = 'journeys';
