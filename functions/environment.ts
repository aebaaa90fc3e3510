/**
 * Environment contract between the CDK stack (infra/) and the Lambda functions. infra/ sets exactly these names;
 * functions read them only through `readEnvironment`.
 */
export const ENV = {
  tableName: 'TABLE_NAME',
  idempotencyTableName: 'IDEMPOTENCY_TABLE_NAME',
  eventBusName: 'EVENT_BUS_NAME',
  ingestQueueUrl: 'INGEST_QUEUE_URL',
  deliveryQueueUrl: 'DELIVERY_QUEUE_URL',
  rejectedQueueUrl: 'REJECTED_QUEUE_URL',
  privacyQueueUrl: 'PRIVACY_QUEUE_URL',
  dataKeyArn: 'DATA_KEY_ARN',
  pseudonymKeyParameter: 'PSEUDONYM_KEY_PARAMETER',
  exportBucket: 'EXPORT_BUCKET',
  senderEmail: 'SENDER_EMAIL',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  smsOriginationIdentity: 'SMS_ORIGINATION_IDENTITY',
  webhookUrl: 'WEBHOOK_URL',
  webhookSecretParameter: 'WEBHOOK_SECRET_PARAMETER',
  senderName: 'SENDER_NAME',
  senderContact: 'SENDER_CONTACT',
  senderOptOut: 'SENDER_OPT_OUT',
  shopUrl: 'SHOP_URL',
  templatesDir: 'TEMPLATES_DIR',
  decisionRetentionDays: 'DECISION_RETENTION_DAYS',
} as const;

export type EnvironmentKey = keyof typeof ENV;

/** Reads the named variables; a missing one is a deployment error and fails fast with its name. */
export function readEnvironment<K extends EnvironmentKey>(
  keys: readonly K[],
  env: NodeJS.ProcessEnv = process.env,
): Record<K, string> {
  const values = {} as Record<K, string>;
  const missing: string[] = [];
  for (const key of keys) {
    const value = env[ENV[key]];
    if (value) values[key] = value;
    else missing.push(ENV[key]);
  }
  if (missing.length > 0) throw new Error(`Missing environment variables: ${missing.join(', ')}`);
  return values;
}
