import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { METRIC } from '../core/contracts/metrics.ts';
import { ingestCodec } from '../core/messages/queue-messages.ts';
import { handleSweep, type SweepPorts, type SweepResult } from '../core/use-cases/handle-sweep.ts';
import { lazy } from './aws/lazy.ts';
import { powertools } from './aws/powertools.ts';
import { customerTable, dynamoDbClient, queue, sqsClient, systemClock } from './aws/wiring.ts';

const tools = powertools('sweeper');
/** Customers this container enqueued recently (reserved concurrency 1: one warm sweeper at a time). */
const recent = new Map<string, number>();

export const ports = lazy(
  (): SweepPorts => ({
    wakeIndex: customerTable(dynamoDbClient(tools)),
    ingest: queue(sqsClient(tools), 'ingestQueueUrl', ingestCodec),
    clock: systemClock,
  }),
);

/** Every minute (EventBridge Scheduler): every customer whose wake time has passed → `timer.due` on the ingest queue. */
async function sweep(): Promise<SweepResult> {
  const result = await handleSweep(await ports.get(), { recent });
  tools.metrics.addMetric(METRIC.sweepLagSeconds, MetricUnit.Seconds, result.lagSeconds);
  tools.metrics.addMetric(METRIC.timersDue, MetricUnit.Count, result.customers);
  tools.logger.info('swept', { ...result });
  return result;
}

export const handler = middy(sweep)
  .use(captureLambdaHandler(tools.tracer))
  .use(injectLambdaContext(tools.logger))
  .use(logMetrics(tools.metrics));
