/**
 * Environment contract between the CDK stack (infra/) and the Lambda functions: infra sets exactly these names and
 * the functions read them only through `readEnvironment`.
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
  customerKeysTableName: 'CUSTOMER_KEYS_TABLE_NAME',
  contactPublicKeyParameter: 'CONTACT_PUBLIC_KEY_PARAMETER',
  contactKeyPairSecret: 'CONTACT_KEY_PAIR_SECRET',
  pseudonymKeyParameter: 'PSEUDONYM_KEY_PARAMETER',
  exportBucket: 'EXPORT_BUCKET',
  senderEmail: 'SENDER_EMAIL',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  smsOriginationIdentity: 'SMS_ORIGINATION_IDENTITY',
  webhookUrl: 'WEBHOOK_URL',
  webhookSecretParameter: 'WEBHOOK_SECRET_PARAMETER',
  solapiApiKey: 'SOLAPI_API_KEY',
  solapiSecretParameter: 'SOLAPI_SECRET_PARAMETER',
  solapiSenderNumber: 'SOLAPI_SENDER_NUMBER',
  kakaoPfId: 'KAKAO_PF_ID',
  senderName: 'SENDER_NAME',
  senderContact: 'SENDER_CONTACT',
  senderOptOut: 'SENDER_OPT_OUT',
  senderPostalAddress: 'SENDER_POSTAL_ADDRESS',
  unsubscribeUrl: 'UNSUBSCRIBE_URL',
  unsubscribeSecret: 'UNSUBSCRIBE_SECRET',
  shopUrl: 'SHOP_URL',
  templatesDir: 'TEMPLATES_DIR',
  decisionRetentionDays: 'DECISION_RETENTION_DAYS',
  journeyLifecycleParameter: 'JOURNEY_LIFECYCLE_PARAMETER',
  outboundEventTypes: 'OUTBOUND_EVENT_TYPES',
} as const;

export type EnvironmentKey = keyof typeof ENV;
export type EnvironmentName = (typeof ENV)[EnvironmentKey];

/** A deployment is missing variables a function needs; it fails fast and names them. */
export class MissingEnvironmentError extends Error {
  override name = 'MissingEnvironmentError';
  readonly missing: string[];
  constructor(options: { missing: string[] }) {
    super(`Missing environment variables: ${options.missing.join(', ')}`);
    this.missing = options.missing;
  }
}

/** Reads the required variables (each must be set and non-empty) and the optional ones (absent when empty). */
export function readEnvironment<R extends EnvironmentKey, O extends EnvironmentKey = never>(
  env: Readonly<Record<string, string | undefined>>,
  required: readonly R[],
  optional: readonly O[] = [],
): Record<R, string> & Partial<Record<O, string>> {
  const values: Partial<Record<EnvironmentKey, string>> = {};
  const missing: string[] = [];
  for (const key of required) {
    const value = env[ENV[key]];
    if (value) values[key] = value;
    else missing.push(ENV[key]);
  }
  if (missing.length > 0) throw new MissingEnvironmentError({ missing });
  for (const key of optional) {
    const value = env[ENV[key]];
    if (value) values[key] = value;
  }
  return values as Record<R, string> & Partial<Record<O, string>>;
}
