import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ingestCodec } from '../core/messages/queue-messages.ts';
import {
  handleUnsubscribeRequest,
  type UnsubscribePorts,
  type UnsubscribeRequest,
} from '../core/use-cases/handle-unsubscribe.ts';
import { advertisingSender } from './aws/channel-senders.ts';
import { lazy } from './aws/lazy.ts';
import { powertools } from './aws/powertools.ts';
import { unsubscribeTokens } from './aws/unsubscribe-tokens.ts';
import { queue, sqsClient, systemClock } from './aws/wiring.ts';
import { functionEnvironment } from './environment.ts';

const tools = powertools('unsubscribe');

export const ports = lazy(async (): Promise<UnsubscribePorts> => {
  const sender = advertisingSender();
  const { shopUrl } = functionEnvironment([], ['shopUrl']);
  return {
    tokens: await unsubscribeTokens(),
    ingest: queue(sqsClient(tools), 'ingestQueueUrl', ingestCodec),
    clock: systemClock,
    newEventId: randomUUID,
    sender: { name: sender.name, contact: sender.contact, shopUrl: shopUrl ?? 'https://example.com' },
    telemetry: tools.telemetry,
  };
});

/** A Lambda function URL request (payload format 2.0) as the use case reads it. */
export function requestOf(event: APIGatewayProxyEventV2): UnsubscribeRequest {
  const body = event.body ?? '';
  const header = (name: string) => event.headers?.[name];
  const contentType = header('content-type');
  const acceptLanguage = header('accept-language');
  return {
    method: event.requestContext.http.method,
    query: event.rawQueryString ?? '',
    body: event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body,
    ...(contentType ? { contentType } : {}),
    ...(acceptLanguage ? { acceptLanguage } : {}),
  };
}

/** Function URL → one-click unsubscribe (RFC 8058): a confirmation page on GET, consent.changed on POST. */
async function unsubscribe(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const response = await handleUnsubscribeRequest(requestOf(event), await ports.get());
  return { statusCode: response.status, headers: response.headers, body: response.body };
}

export const handler = middy(unsubscribe)
  .use(captureLambdaHandler(tools.tracer))
  .use(injectLambdaContext(tools.logger))
  .use(logMetrics(tools.metrics));
