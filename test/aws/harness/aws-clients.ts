import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { REGION } from './deployed-stack.ts';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** moto accepts any credentials while IAM enforcement is off (its default). */
export const DUMMY_CREDENTIALS: AwsCredentials = { accessKeyId: 'x', secretAccessKey: 'x' };

/** Stock SDK v3 clients of the test itself (operator, publisher, event source mapping), pointed at moto. */
export function harnessClients(endpoint: string, credentials: AwsCredentials = DUMMY_CREDENTIALS) {
  const config = { endpoint, region: REGION, credentials };
  return {
    dynamodb: new DynamoDBClient(config),
    events: new EventBridgeClient(config),
    kms: new KMSClient(config),
    s3: new S3Client(config),
    secrets: new SecretsManagerClient(config),
    ses: new SESv2Client(config),
    sqs: new SQSClient(config),
    ssm: new SSMClient(config),
  };
}

export type HarnessClients = ReturnType<typeof harnessClients>;

/**
 * IAM and STS through their Query protocol: the project has no IAM or STS SDK client (and this branch adds no
 * dependency). Only used while moto's IAM enforcement is off, when moto reads the request without checking a
 * signature.
 */
export async function queryApi(
  endpoint: string,
  service: 'iam' | 'sts',
  action: string,
  params: Record<string, string>,
): Promise<string> {
  const version = service === 'iam' ? '2010-05-08' : '2011-06-15';
  const body = new URLSearchParams({ Action: action, Version: version, ...params });
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: `AWS4-HMAC-SHA256 Credential=x/20260101/${REGION}/${service}/aws4_request, SignedHeaders=host, Signature=x`,
    },
    body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${service}:${action} failed: HTTP ${response.status} ${text}`);
  return text;
}

/** The text of the first `<name>` element of an XML answer. */
export function xmlField(xml: string, name: string): string {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  if (!match) throw new Error(`no <${name}> in ${xml.slice(0, 300)}`);
  return match[1] as string;
}
