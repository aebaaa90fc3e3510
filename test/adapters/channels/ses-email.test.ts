import {
  BadRequestException,
  InternalServiceErrorException,
  type SESv2Client,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { SesEmailSender, sesTagValue } from '../../../adapters/channels/ses-email.ts';
import { ChannelSendError } from '../../../core/errors.ts';
import { scriptedClient } from '../../support/scripted-client.ts';
import { renderedMessage } from './messages.ts';

// What SES receives and keeps (the email, tags, unsubscribe headers, configuration set) and a real MessageRejected
// are tested on moto: test/aws/adapters/channels/ses-email.aws-test.ts. Here: the SES errors moto cannot produce on
// demand (throttling, 5xx, BadRequestException, a dropped connection), from a scripted `send` that throws them.
const $metadata = { httpStatusCode: 400 };

function senderFailingWith(error: Error) {
  const { client } = scriptedClient<SESv2Client>(() => {
    throw error;
  });
  return new SesEmailSender({ client, from: 'Example Shop <shop@example.com>' });
}

async function sendError(error: Error): Promise<ChannelSendError> {
  const failure = await senderFailingWith(error)
    .send(renderedMessage(), 'alice@example.com')
    .catch((caught: unknown) => caught);
  expect(failure).toBeInstanceOf(ChannelSendError);
  return failure as ChannelSendError;
}

describe('SesEmailSender', () => {
  it('keeps only the characters SES allows in tag values', () => {
    expect(sesTagValue('re-engagement:9b2e/1 x:2')).toBe('re-engagement_9b2e_1_x_2');
    expect(sesTagValue('x'.repeat(300))).toHaveLength(256);
  });

  it('turns throttling (TooManyRequestsException, HTTP 429) into a transient ChannelSendError', async () => {
    const error = await sendError(
      new TooManyRequestsException({ message: 'Maximum sending rate exceeded', $metadata: { httpStatusCode: 429 } }),
    );
    expect(error).toMatchObject({ channel: 'email', messageId: 'cart:3f1c:reminded:1', transient: true });
    expect(error.cause).toBeInstanceOf(TooManyRequestsException);
  });

  it('turns an SES internal error (HTTP 500) into a transient ChannelSendError', async () => {
    const error = await sendError(
      new InternalServiceErrorException({ message: 'internal', $metadata: { httpStatusCode: 500 } }),
    );
    expect(error.transient).toBe(true);
  });

  it('turns a BadRequestException into a permanent ChannelSendError', async () => {
    expect((await sendError(new BadRequestException({ message: 'Invalid address', $metadata }))).transient).toBe(false);
  });

  it('turns a timeout (ECONNRESET) into a transient ChannelSendError', async () => {
    const timeout = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect((await sendError(timeout)).transient).toBe(true);
  });

  it('rethrows an error it does not recognise', async () => {
    const bug = new RangeError('not an SES error');
    await expect(senderFailingWith(bug).send(renderedMessage(), 'alice@example.com')).rejects.toBe(bug);
  });

  it('refuses an email without a subject, permanently and without calling SES', async () => {
    const { client, inputs } = scriptedClient<SESv2Client>();
    const sender = new SesEmailSender({ client, from: 'Example Shop <shop@example.com>' });
    const failure = sender.send(renderedMessage({ subject: undefined }), 'alice@example.com');
    await expect(failure).rejects.toMatchObject({ name: 'ChannelSendError', transient: false });
    expect(inputs).toHaveLength(0);
  });

  it('refuses an unsubscribe link that is not https (RFC 8058), permanently and without calling SES', async () => {
    const { client, inputs } = scriptedClient<SESv2Client>();
    const sender = new SesEmailSender({ client, from: 'Example Shop <shop@example.com>' });
    const failure = sender.send(renderedMessage({ unsubscribeUrl: 'http://127.0.0.1:4011/?t=x' }), 'a@example.com');
    await expect(failure).rejects.toMatchObject({ name: 'ChannelSendError', transient: false });
    expect(inputs).toHaveLength(0);
  });
});
