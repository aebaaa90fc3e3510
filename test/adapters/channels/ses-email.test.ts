import {
  BadRequestException,
  InternalServiceErrorException,
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesEmailSender, sesTagValue } from '../../../adapters/channels/ses-email.ts';
import { ChannelSendError } from '../../../core/errors.ts';
import { renderedMessage } from './messages.ts';

const ses = mockClient(SESv2Client);
const $metadata = { httpStatusCode: 400 };

function sender(options: { configurationSet?: string; unsubscribeUrl?: string } = {}) {
  return new SesEmailSender({ client: new SESv2Client({}), from: 'Example Shop <shop@example.com>', ...options });
}

async function sendError(error: Error): Promise<ChannelSendError> {
  ses.on(SendEmailCommand).rejects(error);
  const failure = await sender()
    .send(renderedMessage(), 'alice@example.com')
    .catch((caught: unknown) => caught);
  expect(failure).toBeInstanceOf(ChannelSendError);
  return failure as ChannelSendError;
}

describe('SesEmailSender', () => {
  beforeEach(() => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0001' });
  });

  it('sends a simple HTML email with the messageId and category as tags and returns the SES MessageId', async () => {
    const result = await sender({ configurationSet: 'journeys' }).send(renderedMessage(), 'alice@example.com');

    expect(result).toEqual({ providerMessageId: 'ses-0001' });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toEqual({
      FromEmailAddress: 'Example Shop <shop@example.com>',
      Destination: { ToAddresses: ['alice@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: 'You left something in your cart', Charset: 'UTF-8' },
          Body: { Html: { Data: '<p>Your cart is waiting</p>', Charset: 'UTF-8' } },
        },
      },
      EmailTags: [
        { Name: 'messageId', Value: 'cart_3f1c_reminded_1' },
        { Name: 'category', Value: 'promotional' },
        { Name: 'template', Value: 'cart-reminder' },
      ],
      ConfigurationSetName: 'journeys',
    });
  });

  it('adds one-click List-Unsubscribe headers to promotional mail when an unsubscribe URL is configured', async () => {
    await sender({ unsubscribeUrl: 'https://shop.example.com/unsubscribe?m={messageId}' }).send(
      renderedMessage(),
      'alice@example.com',
    );

    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Simple?.Headers).toEqual([
      { Name: 'List-Unsubscribe', Value: '<https://shop.example.com/unsubscribe?m=cart%3A3f1c%3Areminded%3A1>' },
      { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
    ]);
  });

  it('leaves transactional mail without unsubscribe headers and without a configuration set when none is given', async () => {
    await sender({ unsubscribeUrl: 'https://shop.example.com/unsubscribe' }).send(
      renderedMessage({ category: 'transactional', template: 'order-confirmation' }),
      'alice@example.com',
    );

    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.Content?.Simple).not.toHaveProperty('Headers');
    expect(input).not.toHaveProperty('ConfigurationSetName');
    expect(input?.EmailTags).toContainEqual({ Name: 'category', Value: 'transactional' });
  });

  it('keeps only the characters SES allows in tag values', () => {
    expect(sesTagValue('re-engagement:9b2e/1 x:2')).toBe('re-engagement_9b2e_1_x_2');
    expect(sesTagValue('x'.repeat(300))).toHaveLength(256);
  });

  it('turns throttling into a transient ChannelSendError', async () => {
    const error = await sendError(
      new TooManyRequestsException({ message: 'Maximum sending rate exceeded', $metadata: { httpStatusCode: 429 } }),
    );
    expect(error).toMatchObject({ channel: 'email', messageId: 'cart:3f1c:reminded:1', transient: true });
    expect(error.cause).toBeInstanceOf(TooManyRequestsException);
  });

  it('turns an SES internal error into a transient ChannelSendError', async () => {
    const error = await sendError(
      new InternalServiceErrorException({ message: 'internal', $metadata: { httpStatusCode: 500 } }),
    );
    expect(error.transient).toBe(true);
  });

  it('turns a validation error or a rejected message into a permanent ChannelSendError', async () => {
    expect((await sendError(new BadRequestException({ message: 'Invalid address', $metadata }))).transient).toBe(false);
    expect(
      (await sendError(new MessageRejected({ message: 'Email address is not verified', $metadata }))).transient,
    ).toBe(false);
  });

  it('keeps the recipient address a provider error quotes out of the error message', async () => {
    const error = await sendError(
      new MessageRejected({ message: 'Email address is not verified: jimin@example.kr', $metadata }),
    );
    expect(error.message).not.toContain('jimin@example.kr');
    expect(error.message).toContain('MessageRejected');
  });

  it('turns a timeout into a transient ChannelSendError', async () => {
    const timeout = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect((await sendError(timeout)).transient).toBe(true);
  });

  it('rethrows an error it does not recognise', async () => {
    const bug = new RangeError('not an SES error');
    ses.on(SendEmailCommand).rejects(bug);
    await expect(sender().send(renderedMessage(), 'alice@example.com')).rejects.toBe(bug);
  });

  it('refuses an email without a subject, permanently and without calling SES', async () => {
    const failure = sender().send(renderedMessage({ subject: undefined }), 'alice@example.com');
    await expect(failure).rejects.toMatchObject({ name: 'ChannelSendError', transient: false });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});
