import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { type SweepPorts, type SweepResult, sweepDueTimers } from '../core/use-cases/sweep-due-timers.ts';
import { powertools } from './aws/powertools.ts';
import { awsClients, customerTable, queue, systemClock } from './aws/wiring.ts';

const tools = powertools('sweeper');
let ports: SweepPorts | undefined;

/** Every minute (EventBridge Scheduler): due wake buckets of all 16 shards → `timer.due` on the ingest queue. */
async function sweep(): Promise<SweepResult> {
  if (!ports) {
    const clients = awsClients(tools);
    ports = { wakeIndex: customerTable(clients), timers: queue(clients, 'ingestQueueUrl'), clock: systemClock };
  }
  const result = await sweepDueTimers(ports);
  tools.metrics.addMetric('SweepLagSeconds', MetricUnit.Seconds, result.lagSeconds);
  tools.metrics.addMetric('TimersDue', MetricUnit.Count, result.customers);
  tools.logger.info('swept', { ...result });
  return result;
}

export const handler = middy(sweep)
  .use(captureLambdaHandler(tools.tracer))
  .use(injectLambdaContext(tools.logger))
  .use(logMetrics(tools.metrics));

export function usePorts(replacement: SweepPorts | undefined): void {
  ports = replacement;
}
