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
  /** ingest {journey, arm}: entries exposed, at their first message sent (arm messaged) or held back (held-back) */
  exposed: 'Exposed',
  /** ingest {journey, split, variant}: entries exposed, by the A/B variant of that first message */
  exposedByVariant: 'ExposedByVariant',
  /** ingest {journey, arm}: entries that reached the journey goal; arm messaged, held-back or unmessaged */
  converted: 'Converted',
  /** ingest {journey, split, variant}: conversions by the A/B variant of the message they are attributed to */
  convertedByVariant: 'ConvertedByVariant',
  /** ingest {journey, arm, currency}: order value of those conversions, in the currency's units (not a count) */
  revenue: 'Revenue',
  /** deliver {journey, channel} */
  sent: 'Sent',
  /** deliver {journey, channel} */
  failed: 'Failed',
  /** deliver {journey, channel} */
  suppressedAtDelivery: 'SuppressedAtDelivery',
  /** unsubscribe {outcome}: confirm, done, invalid, expired, bad_request, method_not_allowed, unavailable */
  unsubscribeRequests: 'UnsubscribeRequests',
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

/** Metrics whose value is an amount, not a count (emitted without a unit). */
export const AMOUNT_METRICS: ReadonlySet<MetricName> = new Set([METRIC.revenue]);
