import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DetailType } from '../../core/events/schemas.ts';
import type { RouteTable } from '../../core/routes.ts';

export interface EventRoutingProps {
  /**
   * Name of the bus.
   * @default 'journeys'
   */
  readonly busName?: string;
  /**
   * Days the archive keeps events: the replay window, no longer than the engine's dedupe horizon (decision 0005).
   * @default 7
   */
  readonly archiveRetentionDays?: number;
  /** Which detail-types are routed, and the rules journeys' entry filters narrow: `routeTable(registry)`. */
  readonly routes: RouteTable;
  readonly ingestQueue: sqs.IQueue;
  /** Receives events EventBridge could not deliver to a queue. */
  readonly targetDeadLetterQueue: sqs.IQueue;
}

/**
 * The custom bus, its archive and one rule per routed detail-type (with a `detail` pattern where every consumer of
 * the detail-type filters it, see `routeTable`). The archive keeps no event that carries a contact (a profile update
 * with addresses, a customs hold with the declared PCCC): replays must not resurrect what an erasure removed
 * (decision 0005).
 */
export class EventRouting extends Construct {
  public readonly bus: events.EventBus;
  public readonly archive: events.Archive;
  /** Rule of each routed detail-type. */
  public readonly rules: ReadonlyMap<string, events.Rule>;

  constructor(scope: Construct, id: string, props: EventRoutingProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: props.busName ?? 'journeys' });
    this.archive = this.bus.archive('Archive', {
      description: 'Events published to the journeys bus, for replay; none that carries a contact',
      eventPattern: { account: [this.bus.env.account], detail: { contact: [{ exists: false }] } },
      retention: Duration.days(props.archiveRetentionDays ?? 7),
    });

    const rules = new Map<string, events.Rule>();
    const route = (detailType: DetailType, queue: sqs.IQueue) => {
      const rule = new events.Rule(this, `${pascalCase(detailType)}Rule`, {
        eventBus: this.bus,
        description: `Routes ${detailType} events`,
        eventPattern: { detailType: [detailType], ...props.routes.narrowed[detailType] },
      });
      rule.addTarget(new targets.SqsQueue(queue, { deadLetterQueue: props.targetDeadLetterQueue }));
      rules.set(detailType, rule);
    };
    for (const detailType of props.routes.ingest) route(detailType, props.ingestQueue);
    this.rules = rules;
  }
}

function pascalCase(detailType: string): string {
  return detailType
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
