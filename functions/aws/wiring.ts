import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgePublisher } from '../../adapters/aws/eventbridge-publisher.ts';
import { S3ExportSink } from '../../adapters/aws/s3-export-sink.ts';
import { type QueuePorts, sqsQueue } from '../../adapters/aws/sqs-queues.ts';
import { SesEmailSender } from '../../adapters/channels/ses-email.ts';
import { SmsSender } from '../../adapters/channels/sms.ts';
import { WebhookSender } from '../../adapters/channels/webhook.ts';
import { LoggerAccessAudit } from '../../adapters/crypto/access-audit.ts';
import { EncryptionSdkVault, kmsMaterials } from '../../adapters/crypto/contact-vault.ts';
import { HmacPseudonymizer } from '../../adapters/crypto/pseudonymizer.ts';
import { DynamoCustomerTable } from '../../adapters/dynamodb/customer-table.ts';
import type { Channel } from '../../core/events/schemas.ts';
import type { ChannelSender, Clock } from '../../core/ports/messaging.ts';
import { ENV, readEnvironment } from '../environment.ts';
import type { Powertools } from './powertools.ts';

export const systemClock: Clock = { now: () => Date.now() };
const optional = (key: keyof typeof ENV) => process.env[ENV[key]] || undefined;

/** AWS clients are created once per cold start and traced by X-Ray. */
export function awsClients(tools: Powertools) {
  const trace = <T>(client: T) => tools.tracer.captureAWSv3Client(client);
  return {
    dynamodb: trace(new DynamoDBClient({})),
    eventBridge: trace(new EventBridgeClient({})),
    sqs: trace(new SQSClient({})),
  };
}

export function customerTable(clients: ReturnType<typeof awsClients>): DynamoCustomerTable {
  const env = readEnvironment(['tableName']);
  const retentionDays = Number(optional('decisionRetentionDays') ?? 400);
  return new DynamoCustomerTable({ client: clients.dynamodb, tableName: env.tableName, retentionDays });
}

export function busPublisher(clients: ReturnType<typeof awsClients>): EventBridgePublisher {
  return new EventBridgePublisher({
    client: clients.eventBridge,
    busName: readEnvironment(['eventBusName']).eventBusName,
  });
}

export function queue(clients: ReturnType<typeof awsClients>, url: keyof typeof ENV): QueuePorts {
  const queueUrl = readEnvironment([url])[url];
  return sqsQueue({ client: clients.sqs, queueUrl });
}

/** Contact vault over the KMS keyring + caching CMM; every decrypt logged as an audit line. */
export function contactVault(tools: Powertools): EncryptionSdkVault {
  const { dataKeyArn } = readEnvironment(['dataKeyArn']);
  const audit = new LoggerAccessAudit((message, fields) => tools.logger.info(message, fields));
  return new EncryptionSdkVault({ materials: kmsMaterials({ keyArn: dataKeyArn }), audit });
}

/** The HMAC key is a Secrets Manager secret encrypted with the storage key; fetched once and cached. */
export function pseudonymizer(): HmacPseudonymizer {
  const { pseudonymKeyParameter } = readEnvironment(['pseudonymKeyParameter']);
  return new HmacPseudonymizer(async () => {
    const secret = await getSecret(pseudonymKeyParameter, { maxAge: 3600 });
    if (typeof secret !== 'string') throw new Error(`Secret ${pseudonymKeyParameter} is not a string`);
    return secret;
  });
}

export function exportSink(tools: Powertools): S3ExportSink {
  const env = readEnvironment(['exportBucket', 'dataKeyArn']);
  return new S3ExportSink({
    client: tools.tracer.captureAWSv3Client(new S3Client({})),
    bucket: env.exportBucket,
    kmsKeyArn: env.dataKeyArn,
  });
}

/** Channels configured for this stage: SES email, SMS, and a signed webhook for kakao/push when set. */
export async function channelSenders(tools: Powertools): Promise<Partial<Record<Channel, ChannelSender>>> {
  const channels: Partial<Record<Channel, ChannelSender>> = {};
  const from = optional('senderEmail');
  if (from) {
    const configurationSet = optional('sesConfigurationSet');
    channels.email = new SesEmailSender({
      client: tools.tracer.captureAWSv3Client(new SESv2Client({})),
      from,
      ...(configurationSet ? { configurationSet } : {}),
    });
  }
  const originationIdentity = optional('smsOriginationIdentity');
  if (originationIdentity) {
    channels.sms = new SmsSender({
      client: tools.tracer.captureAWSv3Client(new PinpointSMSVoiceV2Client({})),
      originationIdentity,
    });
  }
  const url = optional('webhookUrl');
  const secretName = optional('webhookSecretParameter');
  if (url && secretName) {
    const secret = await getParameter(secretName, { decrypt: true, maxAge: 3600 });
    if (!secret) throw new Error(`SSM parameter ${secretName} is empty`);
    for (const channel of ['kakao', 'push'] as const) channels[channel] = new WebhookSender({ channel, url, secret });
  }
  return channels;
}
