import { type AwsCredentials, queryApi, xmlField } from './aws-clients.ts';
import type { DeployedStack } from './deployed-stack.ts';
import { motoApi } from './moto-server.ts';
import { putRolePolicy } from './provision-iam.ts';
import { resourcesOfType } from './template.ts';

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: unknown;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement[];
}

/**
 * IAM actions that authorize a batch API in AWS, and the name moto checks instead: moto builds the action from the
 * operation name (`sqs:SendMessageBatch`), AWS authorizes SendMessageBatch with `sqs:SendMessage`.
 */
export const MOTO_BATCH_ACTIONS: Record<string, string> = {
  'sqs:SendMessage': 'sqs:SendMessageBatch',
  'sqs:DeleteMessage': 'sqs:DeleteMessageBatch',
  'sqs:ChangeMessageVisibility': 'sqs:ChangeMessageVisibilityBatch',
};

/** Services whose requests moto authorizes against the resource's ARN; for all others it checks the resource "*". */
export const MOTO_RESOURCE_SCOPED_SERVICES = ['sqs', 's3'];

const actionsOf = (statement: PolicyStatement) => [statement.Action].flat();

/**
 * The same grants in the form moto can evaluate: batch action names added next to the IAM actions that cover them,
 * and, for services moto cannot scope by resource, Resource "*" (a grant naming an ARN would never match moto's "*").
 * So moto enforces which actions each role may call everywhere, and which resources only for SQS and S3.
 */
export function motoEnforceable(document: PolicyDocument): PolicyDocument {
  return {
    ...document,
    Statement: document.Statement.map((statement) => {
      const actions = actionsOf(statement);
      const withBatch = [...actions, ...actions.flatMap((action) => MOTO_BATCH_ACTIONS[action] ?? [])];
      const scoped = actions.every((action) => MOTO_RESOURCE_SCOPED_SERVICES.includes(action.split(':')[0] as string));
      return { ...statement, Action: withBatch, ...(scoped ? {} : { Resource: '*' }) };
    }),
  };
}

/** The grants of one role: its AWS::IAM::Policy documents, resolved to the physical ARNs the harness created. */
export function rolePolicies(
  stack: DeployedStack,
  roleLogicalId: string,
): Array<{ name: string; document: PolicyDocument }> {
  return resourcesOfType(stack.template, 'AWS::IAM::Policy')
    .filter(([, policy]) =>
      JSON.stringify(policy.Properties?.Roles ?? []).includes(JSON.stringify({ Ref: roleLogicalId })),
    )
    .map(([, policy]) => ({
      name: String(policy.Properties?.PolicyName),
      document: stack.resolve<PolicyDocument>(policy.Properties?.PolicyDocument),
    }));
}

/** The document without `action` wherever it is granted on a resource whose ARN contains `resourceArn`. */
export function withoutGrant(document: PolicyDocument, action: string, resourceArn?: string): PolicyDocument {
  const concerns = (statement: PolicyStatement) =>
    resourceArn === undefined || JSON.stringify(statement.Resource ?? '').includes(resourceArn);
  return {
    ...document,
    Statement: document.Statement.flatMap((statement) => {
      if (!concerns(statement) || !actionsOf(statement).includes(action)) return [statement];
      const rest = actionsOf(statement).filter((granted) => granted !== action);
      return rest.length > 0 ? [{ ...statement, Action: rest }] : [];
    }),
  };
}

/** Puts a role's template policies into moto in the enforceable form, optionally edited first. */
export async function putRoleGrants(
  endpoint: string,
  stack: DeployedStack,
  roleLogicalId: string,
  edit: (document: PolicyDocument) => PolicyDocument = (document) => document,
): Promise<void> {
  for (const { name, document } of rolePolicies(stack, roleLogicalId)) {
    await putRolePolicy(endpoint, stack.ref(roleLogicalId), name, motoEnforceable(edit(document)));
  }
}

/** An IAM user allowed everything, for the harness's own calls (publisher, operator reads) while moto enforces. */
export async function createHarnessAdmin(endpoint: string): Promise<AwsCredentials> {
  const UserName = 'journeys-test-harness';
  await queryApi(endpoint, 'iam', 'CreateUser', { UserName });
  await queryApi(endpoint, 'iam', 'PutUserPolicy', {
    UserName,
    PolicyName: 'everything',
    PolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    }),
  });
  const key = await queryApi(endpoint, 'iam', 'CreateAccessKey', { UserName });
  return { accessKeyId: xmlField(key, 'AccessKeyId'), secretAccessKey: xmlField(key, 'SecretAccessKey') };
}

/** Temporary credentials of a role, as Lambda gets them for its execution role. */
export async function assumeRole(endpoint: string, roleArn: string, sessionName: string): Promise<AwsCredentials> {
  const answer = await queryApi(endpoint, 'sts', 'AssumeRole', { RoleArn: roleArn, RoleSessionName: sessionName });
  return {
    accessKeyId: xmlField(answer, 'AccessKeyId'),
    secretAccessKey: xmlField(answer, 'SecretAccessKey'),
    sessionToken: xmlField(answer, 'SessionToken'),
  };
}

/**
 * Runs `change` with moto's IAM enforcement off (IAM and STS calls here are unsigned), then enforces again: every
 * request after it must be signed by a known principal whose policies allow the action.
 */
export async function withEnforcementPaused<T>(endpoint: string, change: () => Promise<T>): Promise<T> {
  await motoApi.authenticateAfter(endpoint, Number.POSITIVE_INFINITY);
  try {
    return await change();
  } finally {
    await motoApi.authenticateAfter(endpoint, 0);
  }
}
