import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { generatedName, json, type ResourceCreator, str } from './provision-context.ts';

/** CloudFormation queue properties that are not queue attributes. */
const NOT_ATTRIBUTES = new Set(['QueueName', 'Tags']);

/** Every other property of AWS::SQS::Queue has the name of a queue attribute; objects (RedrivePolicy) become JSON. */
const createQueue: ResourceCreator = async (id, props, context) => {
  const fifo = props.FifoQueue === true;
  const name =
    str(props.QueueName) ?? `${generatedName(context, id, { maxLength: fifo ? 75 : 80 })}${fifo ? '.fifo' : ''}`;
  const Attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(props)) {
    if (!NOT_ATTRIBUTES.has(key)) Attributes[key] = typeof value === 'object' ? (json(value) as string) : String(value);
  }
  const { QueueUrl } = await context.clients.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes }));
  if (!QueueUrl) throw new Error(`CreateQueue ${name} returned no URL`);
  const { Attributes: created } = await context.clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { ref: QueueUrl, attributes: { Arn: created?.QueueArn as string, QueueName: name, QueueUrl } };
};

const createQueuePolicy: ResourceCreator = async (id, props, { clients }) => {
  for (const QueueUrl of props.Queues as string[]) {
    await clients.sqs.send(
      new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: json(props.PolicyDocument) as string } }),
    );
  }
  return { ref: id, attributes: {} };
};

const createEventBus: ResourceCreator = async (_id, props, { clients }) => {
  const Name = String(props.Name);
  const { EventBusArn } = await clients.events.send(
    new CreateEventBusCommand({
      Name,
      Description: str(props.Description),
      KmsKeyIdentifier: str(props.KmsKeyIdentifier),
    }),
  );
  return { ref: Name, attributes: { Arn: EventBusArn as string, Name } };
};

/** moto's CloudFormation wants a string EventPattern here; the API takes the template's object as JSON text. */
const createArchive: ResourceCreator = async (id, props, context) => {
  const ArchiveName = str(props.ArchiveName) ?? generatedName(context, id, { maxLength: 48, withStackName: false });
  const { ArchiveArn } = await context.clients.events.send(
    new CreateArchiveCommand({
      ArchiveName,
      EventSourceArn: str(props.SourceArn),
      Description: str(props.Description),
      EventPattern: json(props.EventPattern),
      RetentionDays: props.RetentionDays as number | undefined,
      ...(props.KmsKeyIdentifier ? { KmsKeyIdentifier: str(props.KmsKeyIdentifier) } : {}),
    }),
  );
  return { ref: ArchiveName, attributes: { Arn: ArchiveArn as string, ArchiveName } };
};

/**
 * A rule with its pattern and its targets as the template declares them (Input, InputPath, InputTransformer,
 * DeadLetterConfig, RetryPolicy and SqsParameters have the same shape in CloudFormation and in PutTargets).
 * `EventBusName` is the template's `Ref` to the bus, resolved to the bus name.
 */
const createRule: ResourceCreator = async (id, props, context) => {
  const Name = str(props.Name) ?? generatedName(context, id, { maxLength: 64 });
  const EventBusName = str(props.EventBusName);
  const { RuleArn } = await context.clients.events.send(
    new PutRuleCommand({
      Name,
      EventBusName,
      EventPattern: json(props.EventPattern),
      ScheduleExpression: str(props.ScheduleExpression),
      State: str(props.State) as never,
      Description: str(props.Description),
      RoleArn: str(props.RoleArn),
    }),
  );
  const targets = (props.Targets as Target[] | undefined) ?? [];
  if (targets.length > 0) {
    const result = await context.clients.events.send(
      new PutTargetsCommand({ Rule: Name, EventBusName, Targets: targets }),
    );
    if (result.FailedEntryCount) throw new Error(`PutTargets ${Name}: ${JSON.stringify(result.FailedEntries)}`);
  }
  return { ref: EventBusName ? `${EventBusName}|${Name}` : Name, attributes: { Arn: RuleArn as string } };
};

export const messagingCreators: Record<string, ResourceCreator> = {
  'AWS::SQS::Queue': createQueue,
  'AWS::SQS::QueuePolicy': createQueuePolicy,
  'AWS::Events::EventBus': createEventBus,
  'AWS::Events::Archive': createArchive,
  'AWS::Events::Rule': createRule,
};
