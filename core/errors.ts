/** Base of every error thrown by the core; carries the ids needed to debug and the cause. */
export class JourneyCoreError extends Error {
  override name = 'JourneyCoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `detail.contact.phone`. */
  field: string;
  /** The rule that failed, e.g. `E.164 phone number`. */
  rule: string;
}

/** An inbound event breaks the event contract; never retried, sent to the rejected-events queue. */
export class InvalidCustomerEventError extends JourneyCoreError {
  override name = 'InvalidCustomerEventError';
  readonly detailType: string | undefined;
  readonly eventId: string | undefined;
  readonly issues: FieldIssue[];
  constructor(
    detailType: string | undefined,
    eventId: string | undefined,
    issues: FieldIssue[],
    options?: { cause?: unknown },
  ) {
    const described = issues.map((issue) => `${issue.field}: ${issue.rule}`).join('; ');
    super(`Invalid ${detailType ?? 'event'}${eventId ? ` ${eventId}` : ''}: ${described}`, options);
    this.detailType = detailType;
    this.eventId = eventId;
    this.issues = issues;
  }
}

/** A journey references a delay name that has no implementation (XState would fire it immediately). */
export class UnknownDelayError extends JourneyCoreError {
  override name = 'UnknownDelayError';
  readonly journeyId: string;
  readonly delayEvent: string;
  constructor(journeyId: string, delayEvent: string) {
    super(`Journey "${journeyId}" schedules "${delayEvent}" but its delay has no implementation in setup({ delays })`);
    this.journeyId = journeyId;
    this.delayEvent = delayEvent;
  }
}

/** A journey id or definition version is not in the registry and no migration covers it. */
export class UnknownJourneyError extends JourneyCoreError {
  override name = 'UnknownJourneyError';
  readonly journeyId: string;
  readonly version: number | undefined;
  constructor(journeyId: string, version?: number) {
    super(`Journey "${journeyId}"${version === undefined ? '' : ` version ${version}`} is not registered`);
    this.journeyId = journeyId;
    this.version = version;
  }
}

/** A journey definition breaks a rule checked at registration (messages, priorities, delays). */
export class InvalidJourneyDefinitionError extends JourneyCoreError {
  override name = 'InvalidJourneyDefinitionError';
  readonly journeyId: string;
  constructor(journeyId: string, problem: string) {
    super(`Journey "${journeyId}" is invalid: ${problem}`);
    this.journeyId = journeyId;
  }
}

/** The customer item changed since it was read (optimistic lock on `v`); re-read and re-apply. */
export class VersionConflictError extends JourneyCoreError {
  override name = 'VersionConflictError';
  readonly pseudonym: string;
  readonly expectedVersion: number;
  constructor(pseudonym: string, expectedVersion: number, options?: { cause?: unknown }) {
    super(`Customer ${pseudonym} changed since version ${expectedVersion} was read`, options);
    this.pseudonym = pseudonym;
    this.expectedVersion = expectedVersion;
  }
}

/** Gave up after re-reading and re-applying a bounded number of times under contention. */
export class TooMuchContentionError extends JourneyCoreError {
  override name = 'TooMuchContentionError';
  readonly pseudonym: string;
  readonly attempts: number;
  constructor(pseudonym: string, attempts: number, options?: { cause?: unknown }) {
    super(`Customer ${pseudonym} kept changing; gave up after ${attempts} attempts`, options);
    this.pseudonym = pseudonym;
    this.attempts = attempts;
  }
}

/** Decrypted data did not carry the encryption context it was sealed with. */
export class EncryptionContextMismatchError extends JourneyCoreError {
  override name = 'EncryptionContextMismatchError';
  readonly pseudonym: string;
  readonly purpose: string;
  constructor(pseudonym: string, purpose: string) {
    super(`Encryption context mismatch for ${pseudonym} (purpose ${purpose})`);
    this.pseudonym = pseudonym;
    this.purpose = purpose;
  }
}

/** A channel provider refused or failed a send; `transient` ones are retried, others fail the message. */
export class ChannelSendError extends JourneyCoreError {
  override name = 'ChannelSendError';
  readonly channel: string;
  readonly messageId: string;
  readonly transient: boolean;
  constructor(channel: string, messageId: string, transient: boolean, message: string, options?: { cause?: unknown }) {
    super(`${channel} send of ${messageId} failed${transient ? ' (transient)' : ''}: ${message}`, options);
    this.channel = channel;
    this.messageId = messageId;
    this.transient = transient;
  }
}

/** A message template is missing or references a variable its message does not provide. */
export class TemplateError extends JourneyCoreError {
  override name = 'TemplateError';
  readonly template: string;
  constructor(template: string, problem: string, options?: { cause?: unknown }) {
    super(`Template "${template}": ${problem}`, options);
    this.template = template;
  }
}

/** An event pattern breaks EventBridge's grammar; PutRule and TestEventPattern would reject it the same way. */
export class InvalidEventPatternError extends JourneyCoreError {
  override name = 'InvalidEventPatternError';
  /** Where the offending part sits, e.g. `detail.state[0].numeric`; empty when it is the pattern itself. */
  readonly path: string;
  /** What is wrong with it, e.g. `numeric: lower bound must be less than upper bound`. */
  readonly reason: string;
  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(`Invalid event pattern${path ? ` at ${path}` : ''}: ${reason}`, options);
    this.path = path;
    this.reason = reason;
  }
}
