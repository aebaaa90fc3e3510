import { describe, expect, it } from 'vitest';
import { SmsByCountrySender } from '../../../adapters/channels/sms-by-country.ts';
import { ChannelSendError } from '../../../core/errors.ts';
import type { ChannelSender } from '../../../core/ports/messaging.ts';
import { renderedMessage } from './messages.ts';

function recording(name: string) {
  const addresses: string[] = [];
  const sender: ChannelSender = {
    channel: 'sms',
    send: async (_message, address) => {
      addresses.push(address);
      return { providerMessageId: `${name}-${addresses.length}` };
    },
  };
  return { sender, addresses };
}

describe('SMS by the number country', () => {
  it('sends Korean numbers through the Korean sender and the others through the other one', async () => {
    const korea = recording('solapi');
    const others = recording('eum');
    const sms = new SmsByCountrySender({ korea: korea.sender, others: others.sender });
    const message = renderedMessage({ channel: 'sms' });

    for (const address of ['+821012345678', '010-9876-5432', '+14155550123']) await sms.send(message, address);

    expect(korea.addresses).toEqual(['+821012345678', '010-9876-5432']);
    expect(others.addresses).toEqual(['+14155550123']);
  });

  it('refuses a foreign number for good when only a Korean sender is configured, so the message falls back', async () => {
    const sms = new SmsByCountrySender({ korea: recording('solapi').sender });
    const error = await sms.send(renderedMessage({ channel: 'sms' }), '+14155550123').catch((e) => e);
    expect(error).toBeInstanceOf(ChannelSendError);
    expect(error).toMatchObject({ transient: false });
  });
});
