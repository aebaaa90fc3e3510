import {
  InternalServerException,
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SmsSender } from '../../../adapters/channels/sms.ts';
import { ChannelSendError } from '../../../core/errors.ts';
import { renderedMessage } from './messages.ts';

const sms = mockClient(PinpointSMSVoiceV2Client);
const smsMessage = renderedMessage({
  channel: 'sms',
  subject: undefined,
  body: '(광고)Example Shop\n장바구니를 확인해 보세요',
});

function sender(configurationSet?: string) {
  return new SmsSender({
    client: new PinpointSMSVoiceV2Client({}),
    originationIdentity: 'pool-0123456789abcdef',
    ...(configurationSet ? { configurationSet } : {}),
  });
}

async function sendError(error: Error): Promise<ChannelSendError> {
  sms.on(SendTextMessageCommand).rejects(error);
  const failure = await sender()
    .send(smsMessage, '+821012345678')
    .catch((caught: unknown) => caught);
  expect(failure).toBeInstanceOf(ChannelSendError);
  return failure as ChannelSendError;
}

describe('SmsSender', () => {
  beforeEach(() => {
    sms.reset();
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'sms-0001' });
  });

  it('sends a promotional SMS with MessageType PROMOTIONAL and the messageId in Context', async () => {
    const result = await sender('journeys-sms').send(smsMessage, '+821012345678');

    expect(result).toEqual({ providerMessageId: 'sms-0001' });
    expect(sms.commandCalls(SendTextMessageCommand)[0]?.args[0].input).toEqual({
      DestinationPhoneNumber: '+821012345678',
      OriginationIdentity: 'pool-0123456789abcdef',
      MessageBody: '(광고)Example Shop\n장바구니를 확인해 보세요',
      MessageType: 'PROMOTIONAL',
      ConfigurationSetName: 'journeys-sms',
      Context: { messageId: 'cart:3f1c:reminded:1', category: 'promotional', template: 'cart-reminder' },
    });
  });

  it('sends a transactional SMS with MessageType TRANSACTIONAL and no configuration set when none is given', async () => {
    await sender().send({ ...smsMessage, category: 'transactional', template: 'order-confirmation' }, '+15551234567');

    const input = sms.commandCalls(SendTextMessageCommand)[0]?.args[0].input;
    expect(input?.MessageType).toBe('TRANSACTIONAL');
    expect(input).not.toHaveProperty('ConfigurationSetName');
  });

  it('turns throttling into a transient ChannelSendError', async () => {
    const error = await sendError(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    expect(error).toMatchObject({ channel: 'sms', messageId: 'cart:3f1c:reminded:1', transient: true });
  });

  it('turns an internal server error into a transient ChannelSendError', async () => {
    const error = await sendError(
      new InternalServerException({ message: 'internal', $metadata: { httpStatusCode: 500 } }),
    );
    expect(error.transient).toBe(true);
  });

  it('turns a validation error into a permanent ChannelSendError', async () => {
    const error = await sendError(
      new ValidationException({ message: 'Invalid destination', $metadata: { httpStatusCode: 400 } }),
    );
    expect(error.transient).toBe(false);
    expect(error.message).toContain('ValidationException');
  });

  it('rethrows an error it does not recognise', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    sms.on(SendTextMessageCommand).rejects(bug);
    await expect(sender().send(smsMessage, '+821012345678')).rejects.toBe(bug);
  });

  it('refuses a message of another channel without calling the service', async () => {
    await expect(sender().send(renderedMessage(), '+821012345678')).rejects.toMatchObject({ transient: false });
    expect(sms.commandCalls(SendTextMessageCommand)).toHaveLength(0);
  });
});
