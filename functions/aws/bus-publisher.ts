import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgePublisher } from '../../adapters/aws/eventbridge-publisher.ts';
import { publishedTypes } from '../../core/contracts/published-events.ts';
import { functionEnvironment } from '../environment.ts';
import type { Powertools } from './powertools.ts';
import { traced } from './wiring.ts';

/**
 * Outbound events of the stage's types (decision 0009) to the bus named by the function contract, through the
 * function's own EventBridge client.
 */
export function busPublisher(tools: Powertools): EventBridgePublisher {
  const { eventBusName, outboundEventTypes } = functionEnvironment(['eventBusName'], ['outboundEventTypes']);
  return new EventBridgePublisher({
    client: traced(tools, new EventBridgeClient({})),
    busName: eventBusName,
    detailTypes: publishedTypes(outboundEventTypes),
  });
}
