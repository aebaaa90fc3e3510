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
import { SqsQueue } from '../../adapters/aws/sqs-queue.ts';
import { SesEmailSender } from '../../adapters/channels/ses-email.ts';
import { SmsSender } from '../../adapters/channels/sms.ts';
import { WebhookSender } from '../../adapters/channels/webhook.ts';
import { LoggerAccessAudit } from '../../adapters/crypto/access-audit.ts';
import { ShreddingVault } from '../../adapters/crypto/contact-vault.ts';
import { rsaKeyWrapper } from '../../adapters/crypto/key-wrapping.ts';
import { HmacPseudonymizer } from '../../adapters/crypto/pseudonymizer.ts';
import { DynamoKeyStore } from '../../adapters/dynamodb/customer-key-table.ts';
import { DynamoCustomerTable } from '../../adapters/dynamodb/customer-table.ts';
import { DynamoSendLedger } from '../../adapters/dynamodb/send-ledger.ts';
import { CONTACT_KEYS_NOT_INITIALISED, type ContactKeyPair } from '../../core/contracts/contact-keys.ts';
import type { EnvironmentKey } from '../../core/contracts/environment.ts';
import type { Channel } from '../../core/events/schemas.ts';
import type { QueueCodec } from '../../core/messages/queue-messages.ts';
import type { ChannelSender, Clock } from '../../core/ports/messaging.ts';
import { functionEnvironment } from '../environment.ts';
import type { Powertools } from './powertools.ts';

export const systemClock: Clock = { now: () => Date.now() };

/** AWS clients are created once per cold start and traced by X-Ray. */
export function awsClients(tools: Powertools) {
  const trace = <T>(client: T) => tools.tracer.captureAWSv3Client(client);
  return {
    dynamodb: trace(new DynamoDBClient({})),
    eventBridge: trace(new EventBridgeClient({})),
    sqs: trace(new SQSClient({})),
  };
}

type Clients = ReturnType<typeof awsClients>;

export function customerTable(clients: Clients): DynamoCustomerTable {
  const env = functionEnvironment(['tableName'], ['decisionRetentionDays']);
  const retentionDays = Number(env.decisionRetentionDays ?? 400);
  return new DynamoCustomerTable({ client: clients.dynamodb, tableName: env.tableName, retentionDays });
}

export function sendLedger(clients: Clients): DynamoSendLedger {
  const { idempotencyTableName } = functionEnvironment(['idempotencyTableName']);
  return new DynamoSendLedger({ client: clients.dynamodb, tableName: idempotencyTableName });
}

export function busPublisher(clients: Clients): EventBridgePublisher {
  const { eventBusName } = functionEnvironment(['eventBusName']);
  return new EventBridgePublisher({ client: clients.eventBridge, busName: eventBusName });
}

/** A typed queue whose URL is the named variable of the function contract. */
export function queue<T>(clients: Clients, url: EnvironmentKey, codec: QueueCodec<T>): SqsQueue<T> {
  const queueUrl = functionEnvironment([url])[url];
  return new SqsQueue({ client: clients.sqs, queueUrl, codec });
}

/** The contact key pair is not set up yet: the operator has not run `npm run keys:init` after the first deploy. */
export class ContactKeysNotInitialisedError extends Error {
  override name = 'ContactKeysNotInitialisedError';
}

/** The key pair's public half (SSM parameter) or both halves (Secrets Manager secret), read once per cold start. */
async function contactKeys(mode: 'seal' | 'open'): Promise<{ publicKey: string; privateKey?: string }> {
  if (mode === 'seal') {
    const { contactPublicKeyParameter } = functionEnvironment(['contactPublicKeyParameter']);
    const publicKey = await getParameter(contactPublicKeyParameter, { maxAge: 3600 });
    if (!publicKey || publicKey === CONTACT_KEYS_NOT_INITIALISED) {
      throw new ContactKeysNotInitialisedError(`${contactPublicKeyParameter} holds no key: run npm run keys:init`);
    }
    return { publicKey };
  }
  const { contactKeyPairSecret } = functionEnvironment(['contactKeyPairSecret']);
  const secret = await getSecret(contactKeyPairSecret, { maxAge: 3600, transform: 'json' });
  const pair = secret as Partial<ContactKeyPair> | undefined;
  if (!pair?.publicKey || !pair.privateKey) {
    throw new ContactKeysNotInitialisedError(`${contactKeyPairSecret} holds no key pair: run npm run keys:init`);
  }
  return { publicKey: pair.publicKey, privateKey: pair.privateKey };
}

/**
 * Contact vault with a data key per customer (crypto-shredding, decision 0006), wrapped with the contact key pair:
 * ingest seals with the public key only, deliver and privacy open with the private key. Every decrypt is logged as
 * an audit line. No KMS call per contact.
 */
export async function contactVault(
  tools: Powertools,
  clients: Clients,
  mode: 'seal' | 'open',
): Promise<ShreddingVault> {
  const { customerKeysTableName } = functionEnvironment(['customerKeysTableName']);
  const audit = new LoggerAccessAudit((message, fields) => tools.logger.info(message, fields));
  return new ShreddingVault({
    wrapper: rsaKeyWrapper(await contactKeys(mode)),
    keys: new DynamoKeyStore({ client: clients.dynamodb, tableName: customerKeysTableName }),
    audit,
    now: () => Date.now(),
  });
}

/** The HMAC key is a Secrets Manager secret encrypted with the storage key; fetched once and cached. */
export function pseudonymizer(): HmacPseudonymizer {
  const { pseudonymKeyParameter } = functionEnvironment(['pseudonymKeyParameter']);
  return new HmacPseudonymizer(async () => {
    const secret = await getSecret(pseudonymKeyParameter, { maxAge: 3600 });
    if (typeof secret !== 'string') throw new Error(`Secret ${pseudonymKeyParameter} is not a string`);
    return secret;
  });
}

export function exportSink(tools: Powertools): S3ExportSink {
  const env = functionEnvironment(['exportBucket', 'dataKeyArn']);
  return new S3ExportSink({
    client: tools.tracer.captureAWSv3Client(new S3Client({})),
    bucket: env.exportBucket,
    kmsKeyArn: env.dataKeyArn,
  });
}

/** Sender name, contact and opt-out shown in promotional messages where the law requires them. */
export function advertisingSender() {
  const env = functionEnvironment([], ['senderName', 'senderContact', 'senderOptOut']);
  return { name: env.senderName ?? 'Shop', contact: env.senderContact ?? '', optOut: env.senderOptOut ?? '' };
}

/** Channels configured for this stage: SES email, SMS, and a signed webhook for kakao/push when set. */
export async function channelSenders(tools: Powertools): Promise<Partial<Record<Channel, ChannelSender>>> {
  const env = functionEnvironment(
    [],
    ['senderEmail', 'sesConfigurationSet', 'smsOriginationIdentity', 'webhookUrl', 'webhookSecretParameter'],
  );
  const channels: Partial<Record<Channel, ChannelSender>> = {};
  if (env.senderEmail) {
    channels.email = new SesEmailSender({
      client: tools.tracer.captureAWSv3Client(new SESv2Client({})),
      from: env.senderEmail,
      ...(env.sesConfigurationSet ? { configurationSet: env.sesConfigurationSet } : {}),
    });
  }
  if (env.smsOriginationIdentity) {
    channels.sms = new SmsSender({
      client: tools.tracer.captureAWSv3Client(new PinpointSMSVoiceV2Client({})),
      originationIdentity: env.smsOriginationIdentity,
    });
  }
  if (env.webhookUrl && env.webhookSecretParameter) {
    const secret = await getParameter(env.webhookSecretParameter, { decrypt: true, maxAge: 3600 });
    if (!secret) throw new Error(`SSM parameter ${env.webhookSecretParameter} is empty`);
    for (const channel of ['kakao', 'push'] as const) {
      channels[channel] = new WebhookSender({ channel, url: env.webhookUrl, secret });
    }
  }
  return channels;
}
