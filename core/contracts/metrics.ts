/** CloudWatch metrics contract between the functions (EMF through Powertools) and the dashboard and alarms (infra/). */
export const METRICS_NAMESPACE = 'JourneyOrchestrator';

/** Every metric the functions emit, by name. Dimensions are listed with each. */
export const METRIC = {
  /** ingest {detailType} */
  eventsIn: 'EventsIn',
  /** ingest {detailType} */
  rejected: 'Rejected',
  /** ingest {journey} */
  entered: 'Entered',
  /** ingest {journey, outcome} */
  exited: 'Exited',
  /** ingest {journey, outcome} */
  decided: 'Decided',
  /** ingest {journey, reason} */
  suppressed: 'Suppressed',
  /** ingest {journey, reason} */
  deferred: 'Deferred',
  /** deliver {journey, channel} */
  sent: 'Sent',
  /** deliver {journey, channel} */
  failed: 'Failed',
  /** deliver {journey, channel} */
  suppressedAtDelivery: 'SuppressedAtDelivery',
  /** privacy {reason} */
  erased: 'Erased',
  /** privacy */
  exported: 'Exported',
  /** sweeper, seconds */
  sweepLagSeconds: 'SweepLagSeconds',
  /** sweeper */
  timersDue: 'TimersDue',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
