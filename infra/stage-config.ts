/** Per-stage settings of the deployment; every one is optional and falls back to its `@default`. */
export interface StageConfig {
  /**
   * Stage name; part of the stack name, the dashboard name and the Powertools service names.
   * @default 'dev'
   */
  readonly stage?: string;
  /**
   * Name of the custom EventBridge bus publishers put events on. Stages sharing an account and region need distinct
   * names.
   * @default 'journeys'
   */
  readonly busName?: string;
  /**
   * Days the bus archive keeps events for replay (none that carries a contact). Keep it at or below the engine's
   * dedupe horizon (7 days): older events are refused by ingest (decision 0005).
   * @default 7
   */
  readonly archiveRetentionDays?: number;
  /**
   * Days the Lambda log groups keep their logs. Must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90,
   * 120, 150, 180, 365, 400, 545, 731, ...).
   * @default 90
   */
  readonly logRetentionDays?: number;
  /**
   * Days a decision-log item lives before DynamoDB TTL removes it.
   * @default 400
   */
  readonly decisionRetentionDays?: number;
  /**
   * Days a privacy export stays in the export bucket.
   * @default 30
   */
  readonly exportExpiryDays?: number;
  /**
   * Whether the tables refuse deletion.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Prefix of the KMS key aliases (`alias/<prefix>-data`, `alias/<prefix>-storage`). Stages sharing an account and
   * region need distinct prefixes.
   * @default 'journeys'
   */
  readonly keyAliasPrefix?: string;
  /**
   * Verified SES identity (email address) messages are sent from; without it the email channel has no permission.
   * @default - no email sending
   */
  readonly senderEmail?: string;
  /**
   * SES configuration set used for sending.
   * @default - none
   */
  readonly sesConfigurationSet?: string;
  /**
   * Origination identity for SMS: the ARN of a phone number, pool or sender ID (an ARN keeps the permission to that
   * one identity; a bare ID widens it to the account's phone numbers, pools and sender IDs).
   * @default - no SMS sending
   */
  readonly smsOriginationIdentity?: string;
  /**
   * HTTPS endpoint of the webhook channel.
   * @default - no webhook channel
   */
  readonly webhookUrl?: string;
  /**
   * Name of an existing SSM SecureString parameter (AWS managed key `aws/ssm`) holding the webhook signing secret;
   * the webhook channel needs both this and `webhookUrl`.
   * @default - no webhook channel
   */
  readonly webhookSecretParameterName?: string;
  /**
   * SOLAPI API key: KakaoTalk (AlimTalk, Brand Message) and SMS/LMS to Korean numbers go through SOLAPI when this,
   * `solapiSecretParameterName` and `solapiSenderNumber` are set (KakaoTalk also needs `kakaoPfId`).
   * @default - no SOLAPI channels
   */
  readonly solapiApiKey?: string;
  /**
   * Name of an existing SSM SecureString parameter holding the SOLAPI API secret.
   * @default - no SOLAPI channels
   */
  readonly solapiSecretParameterName?: string;
  /**
   * Sender number (발신번호) registered at SOLAPI, for SMS/LMS and the SMS replacement of AlimTalk.
   * @default - no SOLAPI channels
   */
  readonly solapiSenderNumber?: string;
  /**
   * The KakaoTalk business channel's SOLAPI id (pfId); with it, `kakao` goes through SOLAPI instead of the webhook.
   * @default - kakao through the webhook, if one is configured
   */
  readonly kakaoPfId?: string;
  /**
   * Sender name shown in promotional messages (KR advertising rules).
   * @default - none
   */
  readonly senderName?: string;
  /**
   * Sender contact (phone or address) shown in promotional messages (KR advertising rules).
   * @default - none
   */
  readonly senderContact?: string;
  /**
   * Free opt-out line added to promotional messages (KR advertising rules), e.g. a toll-free number.
   * @default - none
   */
  readonly senderOptOut?: string;
  /**
   * The sender's physical postal address, added to every promotional email where the country asks for it (US,
   * CAN-SPAM); without it such an email fails rather than go out without one.
   * @default - none
   */
  readonly senderPostalAddress?: string;
  /**
   * Shop URL available to message templates.
   * @default - the deliver function's own default
   */
  readonly shopUrl?: string;
  /**
   * Outbound events put on the bus: `all`, `none`, or detail-types separated by commas (decision 0009). Each is a
   * billed PutEvents entry; the log keeps journey changes, conversions and decisions whatever this says.
   * @default 'message.sent,message.failed,consent.reconfirmation_due,privacy.erasure_completed,privacy.export_ready'
   */
  readonly outboundEventTypes?: string;
  /**
   * Email address subscribed to the alarm topic.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
}

export type ResolvedStageConfig = Required<
  Pick<
    StageConfig,
    | 'stage'
    | 'busName'
    | 'archiveRetentionDays'
    | 'logRetentionDays'
    | 'decisionRetentionDays'
    | 'exportExpiryDays'
    | 'deletionProtection'
    | 'keyAliasPrefix'
  >
> &
  StageConfig;

export const STAGE_DEFAULTS = {
  stage: 'dev',
  busName: 'journeys',
  archiveRetentionDays: 7,
  logRetentionDays: 90,
  decisionRetentionDays: 400,
  exportExpiryDays: 30,
  deletionProtection: true,
  keyAliasPrefix: 'journeys',
} as const satisfies StageConfig;

const FIELD_TYPES: Record<keyof StageConfig, 'string' | 'number' | 'boolean'> = {
  stage: 'string',
  busName: 'string',
  archiveRetentionDays: 'number',
  logRetentionDays: 'number',
  decisionRetentionDays: 'number',
  exportExpiryDays: 'number',
  deletionProtection: 'boolean',
  keyAliasPrefix: 'string',
  senderEmail: 'string',
  sesConfigurationSet: 'string',
  smsOriginationIdentity: 'string',
  webhookUrl: 'string',
  webhookSecretParameterName: 'string',
  solapiApiKey: 'string',
  solapiSecretParameterName: 'string',
  solapiSenderNumber: 'string',
  kakaoPfId: 'string',
  senderName: 'string',
  senderContact: 'string',
  senderOptOut: 'string',
  senderPostalAddress: 'string',
  shopUrl: 'string',
  outboundEventTypes: 'string',
  alarmEmail: 'string',
};

/** Fills in the defaults. */
export function resolveStageConfig(config: StageConfig = {}): ResolvedStageConfig {
  const defined = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
  return { ...STAGE_DEFAULTS, ...defined };
}

/**
 * Checks the `journeys` context value (an object, or its JSON text when passed with `-c`); an unknown key or a wrong
 * type is a deployment mistake and throws with the key's name.
 */
export function parseStageConfig(raw: unknown): StageConfig {
  if (raw === undefined || raw === null) return {};
  const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('Context "journeys" must be an object');
  }
  const problems: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    const expected = FIELD_TYPES[key as keyof StageConfig];
    if (!expected) problems.push(`unknown key "${key}"`);
    else if (typeof field !== expected) problems.push(`"${key}" must be a ${expected}`);
    else if (expected === 'number' && !(Number.isInteger(field) && (field as number) > 0)) {
      problems.push(`"${key}" must be a positive whole number`);
    }
  }
  if (problems.length > 0) throw new Error(`Invalid context "journeys": ${problems.join('; ')}`);
  return value as StageConfig;
}
