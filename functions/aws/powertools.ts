import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { AMOUNT_METRICS, METRICS_NAMESPACE } from '../../core/contracts/metrics.ts';
import type { Telemetry } from '../../core/ports/telemetry.ts';

export interface Powertools {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
  telemetry: Telemetry;
}

/** Logger, metrics and tracer for one function; telemetry maps `count` to single metrics with their dimensions. */
export function powertools(serviceName: string): Powertools {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
  const tracer = new Tracer({ serviceName });
  const telemetry: Telemetry = {
    info: (message, fields) => logger.info(message, fields ?? {}),
    warn: (message, fields) => logger.warn(message, fields ?? {}),
    error: (message, fields) => logger.error(message, fields ?? {}),
    count: (metric, dimensions, value = 1) => {
      const unit = AMOUNT_METRICS.has(metric) ? MetricUnit.NoUnit : MetricUnit.Count;
      if (!dimensions || Object.keys(dimensions).length === 0) {
        metrics.addMetric(metric, unit, value);
        return;
      }
      const single = metrics.singleMetric();
      single.addDimensions(dimensions);
      single.addMetric(metric, unit, value);
    },
  };
  return { logger, metrics, tracer, telemetry };
}
