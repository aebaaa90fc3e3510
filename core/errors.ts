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

const describe = (issues: readonly FieldIssue[]) => issues.map((issue) => `${issue.field}: ${issue.rule}`).join('; ');

/** A queue message is not what its queue carries (not JSON, wrong shape): a bug upstream, never retried. */
export class InvalidMessageError extends JourneyCoreError {
  override name = 'InvalidMessageError';
  /** The queue (or channel) the message arrived on. */
  readonly queue: string;
  readonly issues: FieldIssue[];
  constructor(options: { queue: string; issues: FieldIssue[]; cause?: unknown }) {
    super(`Invalid ${options.queue} message: ${describe(options.issues)}`, { cause: options.cause });
    this.queue = options.queue;
    this.issues = options.issues;
  }
}

/** An inbound event breaks the event contract; never retried, sent to the rejected-events store with the reason. */
export class InvalidCustomerEventError extends JourneyCoreError {
  override name = 'InvalidCustomerEventError';
  readonly detailType: string | undefined;
  readonly eventId: string | undefined;
  readonly issues: FieldIssue[];
  constructor(options: { detailType?: string; eventId?: string; issues: FieldIssue[]; cause?: unknown }) {
    const { detailType, eventId, issues } = options;
    super(`Invalid ${detailType ?? 'event'}${eventId ? ` ${eventId}` : ''}: ${describe(issues)}`, {
      cause: options.cause,
    });
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
  constructor(options: { journeyId: string; delayEvent: string }) {
    super(
      `Journey "${options.journeyId}" schedules "${options.delayEvent}" but its delay has no implementation in ` +
        'setup({ delays })',
    );
    this.journeyId = options.journeyId;
    this.delayEvent = options.delayEvent;
  }
}

/** A journey id or definition version is not in the registry and no migration covers it. */
export class UnknownJourneyError extends JourneyCoreError {
  override name = 'UnknownJourneyError';
  readonly journeyId: string;
  readonly version: number | undefined;
  constructor(options: { journeyId: string; version?: number }) {
    const { journeyId, version } = options;
    super(`Journey "${journeyId}"${version === undefined ? '' : ` version ${version}`} is not registered`);
    this.journeyId = journeyId;
    this.version = version;
  }
}

/** A journey definition breaks a rule checked at registration (messages, priorities, delays). */
export class InvalidJourneyDefinitionError extends JourneyCoreError {
  override name = 'InvalidJourneyDefinitionError';
  readonly journeyId: string;
  constructor(options: { journeyId: string; problem: string }) {
    super(`Journey "${options.journeyId}" is invalid: ${options.problem}`);
    this.journeyId = options.journeyId;
  }
}

/** The customer item changed since it was read (optimistic lock on `v`); re-read and re-apply. */
export class VersionConflictError extends JourneyCoreError {
  override name = 'VersionConflictError';
  readonly pseudonym: string;
  readonly expectedVersion: number;
  constructor(options: { pseudonym: string; expectedVersion: number; cause?: unknown }) {
    super(`Customer ${options.pseudonym} changed since version ${options.expectedVersion} was read`, {
      cause: options.cause,
    });
    this.pseudonym = options.pseudonym;
    this.expectedVersion = options.expectedVersion;
  }
}

/** Gave up after re-reading and re-applying a bounded number of times under contention. */
export class TooMuchContentionError extends JourneyCoreError {
  override name = 'TooMuchContentionError';
  readonly pseudonym: string;
  readonly attempts: number;
  constructor(options: { pseudonym: string; attempts: number; cause?: unknown }) {
    super(`Customer ${options.pseudonym} kept changing; gave up after ${options.attempts} attempts`, {
      cause: options.cause,
    });
    this.pseudonym = options.pseudonym;
    this.attempts = options.attempts;
  }
}

/** Decrypted data did not carry the encryption context it was sealed with. */
export class EncryptionContextMismatchError extends JourneyCoreError {
  override name = 'EncryptionContextMismatchError';
  readonly pseudonym: string;
  readonly purpose: string;
  constructor(options: { pseudonym: string; purpose: string }) {
    super(`Encryption context mismatch for ${options.pseudonym} (purpose ${options.purpose})`);
    this.pseudonym = options.pseudonym;
    this.purpose = options.purpose;
  }
}

/** The customer's data key was destroyed (crypto-shredding on erasure): the sealed contact can never be read again. */
export class ContactKeyDestroyedError extends JourneyCoreError {
  override name = 'ContactKeyDestroyedError';
  readonly pseudonym: string;
  constructor(options: { pseudonym: string }) {
    super(`The data key of ${options.pseudonym} was destroyed; its contact cannot be read`);
    this.pseudonym = options.pseudonym;
  }
}

/** A channel provider refused or failed a send; `transient` ones are retried, others fail the message. */
export class ChannelSendError extends JourneyCoreError {
  override name = 'ChannelSendError';
  readonly channel: string;
  readonly messageId: string;
  readonly transient: boolean;
  constructor(options: { channel: string; messageId: string; transient: boolean; reason: string; cause?: unknown }) {
    const { channel, messageId, transient, reason } = options;
    super(`${channel} send of ${messageId} failed${transient ? ' (transient)' : ''}: ${reason}`, {
      cause: options.cause,
    });
    this.channel = channel;
    this.messageId = messageId;
    this.transient = transient;
  }
}

/** Another worker holds a live claim on this message's send; the queue retries it later. */
export class DeliveryInProgressError extends JourneyCoreError {
  override name = 'DeliveryInProgressError';
  readonly messageId: string;
  constructor(options: { messageId: string }) {
    super(`Message ${options.messageId} is being sent by another worker; retry later`);
    this.messageId = options.messageId;
  }
}

/**
 * The channel took the message but `message.sent` could not be published: the send is recorded, and the queue's next
 * delivery of the message publishes the announcement (it never sends again).
 */
export class AnnouncementPendingError extends JourneyCoreError {
  override name = 'AnnouncementPendingError';
  readonly messageId: string;
  constructor(options: { messageId: string; cause?: unknown }) {
    super(`Message ${options.messageId} was sent; message.sent is still to be published`, { cause: options.cause });
    this.messageId = options.messageId;
  }
}

/** A message template is missing or references a variable its message does not provide. */
export class TemplateError extends JourneyCoreError {
  override name = 'TemplateError';
  readonly template: string;
  constructor(options: { template: string; problem: string; cause?: unknown }) {
    super(`Template "${options.template}": ${options.problem}`, { cause: options.cause });
    this.template = options.template;
  }
}

/** A promotional message cannot carry what its recipient's country requires, because the sender has not set it up. */
export class AdvertisingRulesError extends JourneyCoreError {
  override name = 'AdvertisingRulesError';
  readonly messageId: string;
  readonly template: string;
  constructor(options: { messageId: string; template: string; missing: string }) {
    super(
      `Promotional message ${options.messageId} (${options.template}) needs ${options.missing}, which is not configured`,
    );
    this.messageId = options.messageId;
    this.template = options.template;
  }
}

/** An event pattern breaks EventBridge's grammar; PutRule and TestEventPattern would reject it the same way. */
export class InvalidEventPatternError extends JourneyCoreError {
  override name = 'InvalidEventPatternError';
  /** Where the offending part sits, e.g. `detail.state[0].numeric`; empty when it is the pattern itself. */
  readonly path: string;
  /** What is wrong with it, e.g. `numeric: lower bound must be less than upper bound`. */
  readonly reason: string;
  constructor(options: { path: string; reason: string; cause?: unknown }) {
    const { path, reason } = options;
    super(`Invalid event pattern${path ? ` at ${path}` : ''}: ${reason}`, { cause: options.cause });
    this.path = path;
    this.reason = reason;
  }
}

/** The journeys' lifecycle configuration (SSM parameter or file) is not a valid document; names where and why. */
export class InvalidLifecycleConfigError extends JourneyCoreError {
  override name = 'InvalidLifecycleConfigError';
  /** Where the configuration came from, e.g. a file path or an SSM parameter name. */
  readonly source: string;
  constructor(options: { source: string; problem: string; cause?: unknown }) {
    super(`Journey lifecycle configuration ${options.source} is invalid: ${options.problem}`, { cause: options.cause });
    this.source = options.source;
  }
}

/** A journey with a daily or total cap asked for budget where no `JourneyBudget` is wired: a composition bug. */
export class MissingJourneyBudgetError extends JourneyCoreError {
  override name = 'MissingJourneyBudgetError';
  readonly journeyId: string;
  constructor(options: { journeyId: string }) {
    super(`Journey "${options.journeyId}" has a daily or total cap but no JourneyBudget is wired to take it from`);
    this.journeyId = options.journeyId;
  }
}

/** A journey's sends-per-second rate left no slot for a message within this attempt; the queue retries it later. */
export class SendPacedError extends JourneyCoreError {
  override name = 'SendPacedError';
  readonly messageId: string;
  readonly journeyId: string;
  constructor(options: { messageId: string; journeyId: string; waits: number }) {
    super(
      `Message ${options.messageId} found no send slot of journey ${options.journeyId} in ${options.waits} seconds; retry later`,
    );
    this.messageId = options.messageId;
    this.journeyId = options.journeyId;
  }
}
