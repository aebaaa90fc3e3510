import { randomUUID } from 'node:crypto';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { HmacPseudonymizer } from '../../../adapters/crypto/pseudonymizer.ts';
import { inHoldout } from '../../../core/policy/engine.ts';
import { policy } from '../../../journeys/policy.ts';
import type { HarnessClients } from './aws-clients.ts';
import type { CallRow } from './call-table.ts';
import type { DeployedStack } from './deployed-stack.ts';
import type { DrainReport } from './moto-deployment.ts';

/** A stack output, resolved as `aws cloudformation describe-stacks` would show it. */
export function stackOutput(stack: DeployedStack, name: string): string {
  const output = stack.template.Outputs?.[name];
  if (!output) throw new Error(`the template has no output ${name}`);
  return stack.resolveString(output.Value);
}

/** Publishes like any shop system: a stock EventBridge client, PutEvents on the bus, `Detail` as JSON text. */
export function busPublisher(clients: HarnessClients, busName: string, source = 'shop.web') {
  return async (detailType: string, detail: Record<string, unknown>): Promise<string> => {
    const { FailedEntryCount, Entries } = await clients.events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: busName, Source: source, DetailType: detailType, Detail: JSON.stringify(detail) }],
      }),
    );
    if (FailedEntryCount) throw new Error(`PutEvents ${detailType} failed: ${JSON.stringify(Entries)}`);
    return Entries?.[0]?.EventId as string;
  };
}

/** A detail as DESIGN.md §3 defines it, dated at the (virtual) current time. */
export function detailOf(customerId: string, payload: Record<string, unknown>): Record<string, unknown> {
  return { v: 1, eventId: randomUUID(), occurredAt: new Date().toISOString(), customerId, ...payload };
}

/**
 * The first of `candidates` whose pseudonym is outside the 5 % holdout (which never gets promotional messages), read
 * with the stack's own pseudonym secret as an operator could: the secret is random per run, so a fixed customer id
 * would be held out in one run of twenty.
 */
export async function customerOutsideHoldout(
  clients: HarnessClients,
  secretId: string,
  candidates: readonly string[],
): Promise<{ customerId: string; pseudonym: string }> {
  const { SecretString } = await clients.secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
  const pseudonymizer = new HmacPseudonymizer(async () => SecretString as string);
  for (const customerId of candidates) {
    const pseudonym = await pseudonymizer.pseudonymOf(customerId);
    if (!inHoldout(pseudonym, policy)) return { customerId, pseudonym };
  }
  throw new Error('every candidate customer is in the holdout');
}

/** Every message waiting on a queue (received with a short visibility timeout, not deleted). */
export async function peekQueue(clients: HarnessClients, queueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }),
    );
    if (Messages.length === 0) return bodies;
    bodies.push(...Messages.map((message) => message.Body ?? ''));
  }
}

/** Turns what the handlers did during a step into a row of the call table. */
export function callRow(step: string, report: DrainReport): CallRow {
  const functions: CallRow['functions'] = {};
  for (const [name, invocations] of Object.entries(report.invocations)) {
    functions[name] = { invocations, calls: report.calls[name] ?? [] };
  }
  return { step, functions };
}
