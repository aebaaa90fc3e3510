import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { JourneyRegistry } from '../../core/journey-runtime/registry.ts';
import { ENGINE_READS, routeTable } from '../../core/routes.ts';
import { EventRouting } from '../../infra/constructs/event-routing.ts';
import { promoJourney } from '../support/test-journeys.ts';

function routingTemplate(routes: ReturnType<typeof routeTable>): Template {
  const stack = new Stack(new App(), 'Routing');
  new EventRouting(stack, 'Routing', {
    routes,
    ingestQueue: new sqs.Queue(stack, 'Ingest'),
    targetDeadLetterQueue: new sqs.Queue(stack, 'TargetDlq'),
  });
  return Template.fromStack(stack);
}

describe('EventRouting with entry filters', () => {
  const bigCarts = { cartValue: [{ numeric: ['>=', 100] }] };
  const korean = { currency: ['KRW'] };
  const journeys = [
    promoJourney({ id: 'big', trigger: 'checkout.started', filter: bigCarts }),
    promoJourney({ id: 'won', trigger: 'checkout.started', filter: korean }),
  ];
  const onlyJourneysRead = new Set([...ENGINE_READS].filter((type) => type !== 'checkout.started'));

  it('puts the filters on the rule of a detail-type only filtering journeys consume', () => {
    const template = routingTemplate(routeTable(new JourneyRegistry(journeys), onlyJourneysRead));
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectEquals({ 'detail-type': ['checkout.started'], detail: { $or: [bigCarts, korean] } }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectEquals({ 'detail-type': ['order.placed'] }),
    });
  });

  it('leaves every rule on its detail-type alone when the engine reads the detail-type itself', () => {
    const template = routingTemplate(routeTable(new JourneyRegistry(journeys)));
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectEquals({ 'detail-type': ['checkout.started'] }),
    });
    const patterns = Object.values(template.findResources('AWS::Events::Rule')).map(
      (rule) => rule.Properties.EventPattern,
    );
    expect(patterns.length).toBeGreaterThan(5);
    for (const pattern of patterns) expect(Object.keys(pattern)).toEqual(['detail-type']);
  });
});
