import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MailboxFile, type MailboxLine, mailboxSenders } from '../../../adapters/channels/mailbox-file.ts';
import { renderedMessage } from './messages.ts';

const sentAt = Date.UTC(2026, 10, 23, 10, 0, 0);
const tempMailbox = () => join(mkdtempSync(join(tmpdir(), 'mailbox-')), 'nested', 'mailbox.jsonl');
const linesOf = (path: string) =>
  readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as MailboxLine);

describe('local mailbox channel', () => {
  it('appends one JSON line per message with a masked address, creating the directory', async () => {
    const path = tempMailbox();
    const senders = mailboxSenders({ path, now: () => sentAt });

    const result = await senders.email.send(renderedMessage(), 'alice@example.com');
    await senders.sms.send(
      renderedMessage({ messageId: 'cart:3f1c:reminded:2', channel: 'sms', subject: undefined, body: 'Hi' }),
      '+821012345678',
    );

    expect(result).toEqual({ providerMessageId: 'mailbox:cart:3f1c:reminded:1', duplicate: false });
    expect(linesOf(path)).toEqual([
      {
        messageId: 'cart:3f1c:reminded:1',
        channel: 'email',
        category: 'promotional',
        template: 'cart-reminder',
        to: 'a***@example.com',
        subject: 'You left something in your cart',
        body: '<p>Your cart is waiting</p>',
        sentAt: '2026-11-23T10:00:00.000Z',
      },
      expect.objectContaining({ channel: 'sms', to: '+8210****5678', body: 'Hi' }),
    ]);
    expect(readFileSync(path, 'utf8')).not.toMatch(/alice@|12345678/);
  });

  it('writes a retried messageId only once, even when the retries run concurrently, and says which were skipped', async () => {
    const path = tempMailbox();
    const { email } = mailboxSenders({ path });

    const results = await Promise.all([1, 2, 3].map(() => email.send(renderedMessage(), 'alice@example.com')));
    const again = await email.send(renderedMessage(), 'alice@example.com');

    expect(linesOf(path)).toHaveLength(1);
    expect(results.map((result) => result.duplicate)).toEqual([false, true, true]);
    expect(again.duplicate).toBe(true);
  });

  it('skips messages already in the file from an earlier run', async () => {
    const path = tempMailbox();
    await new MailboxFile({ path }).write(renderedMessage(), 'alice@example.com');

    const afterRestart = new MailboxFile({ path });
    expect(await afterRestart.write(renderedMessage(), 'alice@example.com')).toBe(false);
    expect(await afterRestart.write(renderedMessage({ messageId: 'cart:3f1c:reminded:2' }), 'a@b.co')).toBe(true);
    expect(linesOf(path).map((line) => line.messageId)).toEqual(['cart:3f1c:reminded:1', 'cart:3f1c:reminded:2']);
  });

  it('ignores a line cut short by a crash and writes that message again', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'mailbox-')), 'mailbox.jsonl');
    writeFileSync(path, '{"messageId":"cart:3f1c:reminded:1","chan');

    expect(await new MailboxFile({ path }).write(renderedMessage(), 'alice@example.com')).toBe(true);
  });

  it('masks messenger ids and push tokens too', async () => {
    const path = tempMailbox();
    const { push } = mailboxSenders({ path });
    const token = 'fcm-token-0123456789abcdefghijklmnopqrstuvwxyz';

    await push.send(renderedMessage({ channel: 'push', subject: undefined, body: '{"text":"Hi"}' }), token);

    expect(linesOf(path)[0]?.to).toBe('fc***yz');
  });
});
