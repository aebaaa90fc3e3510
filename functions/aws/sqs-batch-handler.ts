import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Powertools } from './powertools.ts';

/**
 * An SQS-triggered handler with partial batch responses (only failed records are retried) wrapped in the
 * Powertools logger, metrics and tracer middlewares. `inOrder` processes a batch's records one after another.
 */
export function sqsBatchHandler(
  tools: Powertools,
  record: (message: SQSRecord) => Promise<void>,
  options: { inOrder: boolean },
) {
  const processor = new BatchProcessor(EventType.SQS);
  return middy(async (event: SQSEvent, context: Context) => {
    return processPartialResponse(event, record, processor, { context, processInParallel: !options.inOrder });
  })
    .use(captureLambdaHandler(tools.tracer))
    .use(injectLambdaContext(tools.logger))
    .use(logMetrics(tools.metrics));
}
