import { ChannelSendError } from '../../core/errors.ts';

/** AWS error names that mean "try again later" whatever their HTTP status says. */
const TRANSIENT_AWS_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'LimitExceededException',
  'InternalServiceErrorException',
  'InternalServerException',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** Errors raised below HTTP: the request may not have reached the provider, so a retry is safe and useful. */
const NETWORK_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH']);

interface AwsServiceError {
  name: string;
  message: string;
  $fault: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
}

const isAwsServiceError = (error: unknown): error is AwsServiceError =>
  error instanceof Error && '$fault' in error && (error.$fault === 'client' || error.$fault === 'server');

/** Timeouts and connection failures, from the AWS SDK (`TimeoutError`, socket codes) or `fetch` (`TimeoutError`). */
export function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError') return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && NETWORK_ERROR_CODES.has(code);
}

/**
 * Translates an AWS SDK error from a send into a `ChannelSendError` — transient for throttling, 5xx and timeouts,
 * permanent for validation and other client faults — and rethrows anything it does not recognise. Provider messages
 * can quote the recipient ("…not verified: someone@example.com"), so only the error name and status are kept in the
 * message, which travels into logs and `message.failed` events; the original stays in `cause`.
 */
export function translateAwsSendError(channel: string, messageId: string, error: unknown): never {
  if (isAwsServiceError(error)) {
    const status = error.$metadata?.httpStatusCode;
    const transient = TRANSIENT_AWS_ERRORS.has(error.name) || error.$fault === 'server' || status === 429;
    const described = `${error.name}${status ? ` (HTTP ${status})` : ''}`;
    throw new ChannelSendError({ channel, messageId, transient, reason: described, cause: error });
  }
  if (isNetworkError(error)) {
    const code = (error as { code?: unknown }).code;
    throw new ChannelSendError({
      channel,
      messageId,
      transient: true,
      reason: `${(error as Error).name}${typeof code === 'string' ? ` ${code}` : ''}`,
      cause: error,
    });
  }
  throw error;
}
