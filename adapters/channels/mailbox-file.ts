import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { maskAddress } from '../../core/content/masking.ts';
import { CHANNELS, type Channel } from '../../core/events/schemas.ts';
import type { ChannelSender, RenderedMessage } from '../../core/ports/messaging.ts';

export const DEFAULT_MAILBOX_PATH = '.data/mailbox.jsonl';

/** One line of the local mailbox; the address is masked, never written in plaintext. */
export interface MailboxLine {
  messageId: string;
  channel: Channel;
  category: RenderedMessage['category'];
  template: string;
  to: string;
  subject?: string;
  body: string;
  /** The one-click unsubscribe link a mail client would show (promotional email). */
  unsubscribeUrl?: string;
  sentAt: string;
}

/** The mailbox line of a message sent to `address` (masked) at `sentAt`. */
export function mailboxLineOf(message: RenderedMessage, address: string, sentAt: number): MailboxLine {
  return {
    messageId: message.messageId,
    channel: message.channel,
    category: message.category,
    template: message.template,
    to: maskAddress(message.channel, address),
    ...(message.subject === undefined ? {} : { subject: message.subject }),
    body: message.body,
    ...(message.unsubscribeUrl === undefined ? {} : { unsubscribeUrl: message.unsubscribeUrl }),
    sentAt: new Date(sentAt).toISOString(),
  };
}

export interface MailboxFileOptions {
  /** JSON Lines file, created with its directory on first write (default `.data/mailbox.jsonl`). */
  path?: string;
  /** Epoch milliseconds for `sentAt`; virtual in replays. */
  now?: () => number;
}

/**
 * The local runtime's mailbox (`.data/mailbox.jsonl`): where every channel delivers locally, one JSON line per
 * message. Like a provider with an idempotency key, it skips a messageId it already holds and says so: the ids in
 * the file are loaded on first use and writes are serialised.
 */
export class MailboxFile {
  readonly path: string;
  readonly #now: () => number;
  #sent: Promise<Set<string>> | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: MailboxFileOptions = {}) {
    this.path = options.path ?? DEFAULT_MAILBOX_PATH;
    this.#now = options.now ?? Date.now;
  }

  /** Appends the message unless its messageId is already in the file; returns whether it was written. */
  write(message: RenderedMessage, address: string): Promise<boolean> {
    const next = this.#queue.then(() => this.#append(message, address));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #append(message: RenderedMessage, address: string): Promise<boolean> {
    if (!this.#sent) {
      this.#sent = this.#load();
      this.#sent.catch(() => {
        this.#sent = undefined;
      });
    }
    const sent = await this.#sent;
    if (sent.has(message.messageId)) return false;
    const line = mailboxLineOf(message, address, this.#now());
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, `${JSON.stringify(line)}\n`, 'utf8');
    sent.add(message.messageId);
    return true;
  }

  async #load(): Promise<Set<string>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
      throw error;
    }
    const ids = new Set<string>();
    for (const row of text.split('\n')) {
      if (!row.trim()) continue;
      try {
        const { messageId } = JSON.parse(row) as Partial<MailboxLine>;
        if (typeof messageId === 'string') ids.add(messageId);
      } catch {
        // A line cut short by a crash mid-write: its message was not delivered, so it may be written again.
      }
    }
    return ids;
  }
}

/** A `ChannelSender` for one channel over the shared mailbox file. */
export class MailboxSender implements ChannelSender {
  readonly channel: Channel;
  readonly #mailbox: MailboxFile;

  constructor(channel: Channel, mailbox: MailboxFile) {
    this.channel = channel;
    this.#mailbox = mailbox;
  }

  async send(message: RenderedMessage, address: string): Promise<{ providerMessageId: string; duplicate: boolean }> {
    const written = await this.#mailbox.write(message, address);
    return { providerMessageId: `mailbox:${message.messageId}`, duplicate: !written };
  }
}

/** One sender per channel, all writing to the same mailbox file (the local runtime's delivery). */
export function mailboxSenders(options: MailboxFileOptions = {}): Record<Channel, MailboxSender> {
  const mailbox = new MailboxFile(options);
  return Object.fromEntries(CHANNELS.map((channel) => [channel, new MailboxSender(channel, mailbox)])) as Record<
    Channel,
    MailboxSender
  >;
}
