/** Base of the errors the command-line tools report as one plain sentence (no stack): the operator can act on them. */
export class CliError extends Error {
  override name = 'CliError';
  /** Process exit code: 2 for a usage mistake, 1 otherwise. */
  readonly exitCode: number = 1;
}

/** The command line is wrong; the message says what to change. */
export class UsageError extends CliError {
  override name = 'UsageError';
  override readonly exitCode = 2;
}

/** The data directory has no local keyring or store: nothing was ever run there. */
export class NoLocalDataError extends CliError {
  override name = 'NoLocalDataError';
  readonly dataDir: string;
  constructor(dataDir: string, options?: { cause?: unknown }) {
    super(`no local data in ${dataDir}: run npm start or npm run replay first`, options);
    this.dataDir = dataDir;
  }
}

/** Another process holds the embedded DynamoDB of the data directory and did not say how to reach it. */
export class LocalDataInUseError extends CliError {
  override name = 'LocalDataInUseError';
  readonly dataDir: string;
  constructor(dataDir: string, options?: { cause?: unknown }) {
    super(
      `the local data in ${dataDir} is open in another process (npm start or npm run replay) that did not leave ` +
        `${dataDir}/runtime.json: wait for it to finish or stop it (Ctrl-C), then run the command again`,
      options,
    );
    this.dataDir = dataDir;
  }
}

/** The deployed table or the pseudonym secret could not be read; the message names which and why. */
export class AwsSourceError extends CliError {
  override name = 'AwsSourceError';
}

/** A replay's input cannot be read as the events it claims to hold; the message names the file, line and column. */
export class ReplayInputError extends CliError {
  override name = 'ReplayInputError';
}
