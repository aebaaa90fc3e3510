import { DeleteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GenerateDataKeyCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { HarnessClients } from './aws-clients.ts';
import type { DeployedStack } from './deployed-stack.ts';
import type { MotoDeployment } from './moto-deployment.ts';

type Outcome = 'allowed' | 'denied';

/** One request made with a role's credentials, and whether AWS and moto let it through. */
export interface PermissionProbe {
  service: string;
  label: string;
  onAws: Outcome;
  onMoto: Outcome;
  request: (clients: HarnessClients) => Promise<unknown>;
}

const AUTH_ERRORS = /AccessDenied|UnauthorizedOperation|InvalidClientTokenId|NotAuthorized/;

/** `denied` when the answer is an authorization error; any other answer (even a failure) passed IAM. */
export async function runProbe(clients: HarnessClients, probe: PermissionProbe): Promise<Outcome> {
  try {
    await probe.request(clients);
    return 'allowed';
  } catch (error) {
    const { name, message } = error as Error;
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return AUTH_ERRORS.test(`${name} ${message}`) || status === 403 ? 'denied' : 'allowed';
  }
}

/**
 * Requests the sweeper's role (Query/GetItem/PutItem on the journey table, SendMessage on the ingest queue, the
 * storage key) may and may not make, one or two per service the handlers use.
 */
export function permissionProbes(stack: DeployedStack, deployment: MotoDeployment): PermissionProbe[] {
  const table = stack.refOf('TablesTable');
  const key = { pk: { S: 'C#probe' }, sk: { S: 'STATE' } };
  const env = (name: string, variable: string) => deployment.functions[name]?.environment[variable] as string;
  return [
    {
      service: 'SQS',
      label: 'GetQueueAttributes on the ingest queue (granted)',
      onAws: 'allowed',
      onMoto: 'allowed',
      request: (c) => c.sqs.send(new GetQueueAttributesCommand({ QueueUrl: stack.refOf('QueuesIngest') })),
    },
    {
      service: 'SQS',
      label: 'GetQueueAttributes on the delivery queue (not granted)',
      onAws: 'denied',
      onMoto: 'denied',
      request: (c) => c.sqs.send(new GetQueueAttributesCommand({ QueueUrl: stack.refOf('QueuesDelivery') })),
    },
    {
      service: 'DynamoDB',
      label: 'GetItem on the journey table (granted)',
      onAws: 'allowed',
      onMoto: 'allowed',
      request: (c) => c.dynamodb.send(new GetItemCommand({ TableName: table, Key: key })),
    },
    {
      service: 'DynamoDB',
      label: 'DeleteItem on the journey table (not granted)',
      onAws: 'denied',
      onMoto: 'denied',
      request: (c) => c.dynamodb.send(new DeleteItemCommand({ TableName: table, Key: key })),
    },
    {
      service: 'DynamoDB',
      label: 'GetItem on the idempotency table (granted on the other table only)',
      onAws: 'denied',
      onMoto: 'allowed',
      request: (c) =>
        c.dynamodb.send(
          new GetItemCommand({ TableName: stack.refOf('TablesIdempotencyTable'), Key: { id: { S: 'x' } } }),
        ),
    },
    {
      service: 'KMS',
      label: 'GenerateDataKey with the storage key (granted)',
      onAws: 'allowed',
      onMoto: 'allowed',
      request: (c) =>
        c.kms.send(
          new GenerateDataKeyCommand({ KeyId: stack.attributeOf('EncryptionStorageKey', 'Arn'), KeySpec: 'AES_256' }),
        ),
    },
    {
      service: 'KMS',
      label: 'ListKeys (not granted)',
      onAws: 'denied',
      onMoto: 'denied',
      request: (c) => c.kms.send(new ListKeysCommand({})),
    },
    {
      service: 'EventBridge',
      label: 'PutEvents on the bus (not granted)',
      onAws: 'denied',
      onMoto: 'denied',
      request: (c) =>
        c.events.send(
          new PutEventsCommand({
            Entries: [
              { EventBusName: env('ingest', 'EVENT_BUS_NAME'), Source: 'probe', DetailType: 'probe', Detail: '{}' },
            ],
          }),
        ),
    },
    {
      service: 'SESv2',
      label: 'SendEmail from the sender (not granted)',
      onAws: 'denied',
      onMoto: 'denied',
      request: (c) =>
        c.ses.send(
          new SendEmailCommand({
            FromEmailAddress: env('deliver', 'SENDER_EMAIL'),
            Destination: { ToAddresses: ['probe@example.com'] },
            Content: { Simple: { Subject: { Data: 'probe' }, Body: { Text: { Data: 'probe' } } } },
          }),
        ),
    },
    {
      service: 'S3',
      label: 'PutObject into the export bucket (not granted)',
      onAws: 'denied',
      onMoto: 'denied',
      request: (c) =>
        c.s3.send(
          new PutObjectCommand({ Bucket: env('privacy', 'EXPORT_BUCKET'), Key: 'exports/probe.json', Body: '{}' }),
        ),
    },
    {
      service: 'Secrets Manager',
      label: 'GetSecretValue of the pseudonym key (not granted)',
      onAws: 'denied',
      onMoto: 'denied',
      request: (c) => c.secrets.send(new GetSecretValueCommand({ SecretId: env('ingest', 'PSEUDONYM_KEY_PARAMETER') })),
    },
    {
      service: 'SSM',
      label: 'GetParameter of the webhook secret (not granted)',
      onAws: 'denied',
      onMoto: 'denied',
      request: (c) =>
        c.ssm.send(new GetParameterCommand({ Name: env('deliver', 'WEBHOOK_SECRET_PARAMETER'), WithDecryption: true })),
    },
  ];
}
