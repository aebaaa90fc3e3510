import {
  CreateConfigurationSetCommand,
  CreateEmailIdentityCommand,
  MessageRejected,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SesEmailSender, type SesEmailSenderOptions } from '../../../../adapters/channels/ses-email.ts';
import { ChannelSendError } from '../../../../core/errors.ts';
import type { RenderedMessage } from '../../../../core/ports/messaging.ts';
import { renderedMessage } from '../../../adapters/channels/messages.ts';
import { DUMMY_CREDENTIALS, harnessClients } from '../../harness/aws-clients.ts';
import { REGION } from '../../harness/deployed-stack.ts';
import { uniqueName } from '../../harness/moto-fixtures.ts';
import { inputsOf, recordRequests } from '../../harness/request-log.ts';
import { type SentEmail, sentEmails } from '../../harness/ses-outbox.ts';

// Throttling, 5xx, BadRequestException and dropped connections cannot be produced by moto on demand: they are in
// test/adapters/channels/ses-email.test.ts.
const endpoint = inject('motoEndpoint');
const clients = harnessClients(endpoint);
const shop = `${uniqueName('shop')}@example.com`;
const from = `Example Shop <${shop}>`;
const unverified = `${uniqueName('nobody')}@unverified.example`;
const configurationSet = uniqueName('journeys');

interface Sent {
  providerMessageId?: string;
  error?: unknown;
  /** The SendEmail input the real client sent to moto. */
  input: Record<string, unknown> | undefined;
}

/** One send by the adapter on a real SES v2 client pointed at moto. */
async function send(message: RenderedMessage, options: Partial<SesEmailSenderOptions> = {}): Promise<Sent> {
  const client = new SESv2Client({ endpoint, region: REGION, credentials: DUMMY_CREDENTIALS });
  const requests = recordRequests(client);
  const sender = new SesEmailSender({ client, from, ...options });
  const outcome = await sender.send(message, 'alice@example.com').then(
    ({ providerMessageId }) => ({ providerMessageId }),
    (error: unknown) => ({ error }),
  );
  return { ...outcome, input: inputsOf(requests, 'SendEmail')[0] };
}

describe('SesEmailSender on moto', () => {
  let promotional: Sent;
  let withUnsubscribe: Sent;
  let transactional: Sent;
  let rejected: Sent;
  /** What moto kept of every email sent so far (one read: moto's model dump takes a second or two). */
  let kept: SentEmail[];
  const keptWithId = (id: string | undefined) => kept.filter((email) => email.id === id);

  beforeAll(async () => {
    await clients.ses.send(new CreateEmailIdentityCommand({ EmailIdentity: shop }));
    await clients.ses.send(new CreateConfigurationSetCommand({ ConfigurationSetName: configurationSet }));
    promotional = await send(renderedMessage(), { configurationSet });
    withUnsubscribe = await send(renderedMessage({ unsubscribeUrl: 'https://unsubscribe.example.com/?t=AQE&l=en' }));
    transactional = await send(renderedMessage({ category: 'transactional', template: 'order-confirmation' }));
    rejected = await send(renderedMessage(), { from: `Example Shop <${unverified}>` });
    kept = await sentEmails(endpoint);
  });

  it('sends a simple HTML email with the messageId and category as tags and returns the SES MessageId', () => {
    expect(keptWithId(promotional.providerMessageId)).toEqual([
      {
        id: promotional.providerMessageId,
        from,
        to: ['alice@example.com'],
        subject: 'You left something in your cart',
        body: '<p>Your cart is waiting</p>',
      },
    ]);
    // moto keeps sender, recipients, subject and body; charset, tags and configuration set only reach it.
    expect(promotional.input).toEqual({
      FromEmailAddress: from,
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
      ConfigurationSetName: configurationSet,
    });
  });

  it('adds one-click List-Unsubscribe headers to mail that carries an unsubscribe link', () => {
    expect(keptWithId(withUnsubscribe.providerMessageId)).toHaveLength(1);
    expect(withUnsubscribe.input).toMatchObject({
      Content: {
        Simple: {
          Headers: [
            { Name: 'List-Unsubscribe', Value: '<https://unsubscribe.example.com/?t=AQE&l=en>' },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
    });
  });

  it('leaves mail without an unsubscribe link (transactional) without headers, and without a configuration set when none is given', () => {
    expect(keptWithId(transactional.providerMessageId)).toHaveLength(1);
    const input = transactional.input as { Content: { Simple: object }; EmailTags: unknown[] };
    expect(input.Content.Simple).not.toHaveProperty('Headers');
    expect(input).not.toHaveProperty('ConfigurationSetName');
    expect(input.EmailTags).toContainEqual({ Name: 'category', Value: 'transactional' });
  });

  it("turns SES's MessageRejected (unverified sender) into a permanent error that does not quote the address", () => {
    expect(rejected.error).toBeInstanceOf(ChannelSendError);
    const error = rejected.error as ChannelSendError;
    expect(error).toMatchObject({ channel: 'email', messageId: 'cart:3f1c:reminded:1', transient: false });
    expect(error.cause).toBeInstanceOf(MessageRejected);
    expect((error.cause as Error).message).toContain(unverified);
    expect(error.message).toContain('MessageRejected');
    expect(error.message).not.toContain(unverified);
    expect(kept.filter((email) => email.from.includes(unverified))).toEqual([]);
  });
});
