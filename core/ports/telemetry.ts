import type { MetricName } from '../contracts/metrics.ts';

/** What the use cases need from logging and metrics: Powertools on AWS, the console locally. */
export interface Telemetry {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  count(metric: MetricName, dimensions?: Record<string, string>, value?: number): void;
}
