import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DeployedStack } from './deployed-stack.ts';
import { resourcesOfType } from './template.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** An SQS queue feeding a function, as its AWS::Lambda::EventSourceMapping and the queue's properties say. */
export interface QueueEventSource {
  queueLogicalId: string;
  queueUrl: string;
  queueArn: string;
  batchSize: number;
  reportBatchItemFailures: boolean;
  maximumBatchingWindowSeconds: number;
  /** The queue's VisibilityTimeout (seconds): how long a received message stays invisible. */
  visibilityTimeoutSeconds: number;
}

/** An AWS::Scheduler::Schedule targeting a function. */
export interface ScheduleSource {
  expression: string;
  everyMs: number;
  /** The target's Input, or `{}` when the template sets none. */
  input: unknown;
}

/** One AWS::Lambda::Function of the template, with everything the harness needs to run it. */
export interface LambdaFunctionSpec {
  logicalId: string;
  /** `functions/<name>.ts`: the function's POWERTOOLS_SERVICE_NAME, which infra/ sets to the entry file's name. */
  name: string;
  physicalName: string;
  arn: string;
  entry: string;
  /** Environment.Variables with every Ref / Fn::GetAtt resolved to what the harness created. */
  environment: Record<string, string>;
  timeoutMs: number;
  memoryMb: number;
  roleLogicalId: string;
  queue?: QueueEventSource;
  schedule?: ScheduleSource;
}

const refersTo = (value: unknown, logicalId: string) =>
  JSON.stringify(value) === JSON.stringify({ Ref: logicalId }) ||
  JSON.stringify(value) === JSON.stringify({ 'Fn::GetAtt': [logicalId, 'Arn'] });

/** `rate(1 minute)`, `rate(5 minutes)`, `rate(2 hours)` in milliseconds. */
export function rateMs(expression: string): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!match) throw new Error(`only rate() schedules are supported by the harness, got ${expression}`);
  const unit = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[match[2]!.replace(/s$/, '') as 'minute'];
  return Number(match[1]) * unit;
}

function queueSourceOf(stack: DeployedStack, functionId: string): QueueEventSource | undefined {
  const mapping = resourcesOfType(stack.template, 'AWS::Lambda::EventSourceMapping').find(([, resource]) =>
    refersTo(resource.Properties?.FunctionName, functionId),
  );
  if (!mapping) return undefined;
  const properties = mapping[1].Properties ?? {};
  const source = properties.EventSourceArn as { 'Fn::GetAtt': [string, string] };
  const queueLogicalId = source['Fn::GetAtt'][0];
  const queue = stack.template.Resources[queueLogicalId]?.Properties ?? {};
  return {
    queueLogicalId,
    queueUrl: stack.ref(queueLogicalId),
    queueArn: stack.resolveString(source),
    batchSize: Number(properties.BatchSize ?? 10),
    reportBatchItemFailures: ((properties.FunctionResponseTypes as string[]) ?? []).includes('ReportBatchItemFailures'),
    maximumBatchingWindowSeconds: Number(properties.MaximumBatchingWindowInSeconds ?? 0),
    visibilityTimeoutSeconds: Number(queue.VisibilityTimeout ?? 30),
  };
}

function scheduleOf(stack: DeployedStack, functionId: string): ScheduleSource | undefined {
  const schedule = resourcesOfType(stack.template, 'AWS::Scheduler::Schedule').find(([, resource]) =>
    refersTo((resource.Properties?.Target as { Arn?: unknown } | undefined)?.Arn, functionId),
  );
  if (!schedule) return undefined;
  const properties = schedule[1].Properties ?? {};
  const expression = String(properties.ScheduleExpression);
  const input = (properties.Target as { Input?: string }).Input;
  return { expression, everyMs: rateMs(expression), input: input === undefined ? {} : JSON.parse(input) };
}

/** Every Lambda function of the template by name (`ingest`, `sweeper`, `deliver`, `privacy`). */
export function lambdaFunctions(stack: DeployedStack): Record<string, LambdaFunctionSpec> {
  const specs: Record<string, LambdaFunctionSpec> = {};
  for (const [logicalId, resource] of resourcesOfType(stack.template, 'AWS::Lambda::Function')) {
    const properties = resource.Properties ?? {};
    const variables = (properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    const environment = Object.fromEntries(
      Object.entries(variables).map(([key, value]) => [key, stack.resolveString(value)]),
    );
    const name = environment.POWERTOOLS_SERVICE_NAME;
    if (!name) throw new Error(`${logicalId} has no POWERTOOLS_SERVICE_NAME to find its entry file by`);
    const entry = `${PROJECT_ROOT}functions/${name}.ts`;
    if (!existsSync(entry)) throw new Error(`${logicalId}: no entry file ${entry}`);
    const role = properties.Role as { 'Fn::GetAtt': [string, string] };
    specs[name] = {
      logicalId,
      name,
      physicalName: stack.ref(logicalId),
      arn: stack.attribute(logicalId, 'Arn'),
      entry,
      environment,
      timeoutMs: Number(properties.Timeout ?? 3) * 1000,
      memoryMb: Number(properties.MemorySize ?? 128),
      roleLogicalId: role['Fn::GetAtt'][0],
      queue: queueSourceOf(stack, logicalId),
      schedule: scheduleOf(stack, logicalId),
    };
  }
  return specs;
}
