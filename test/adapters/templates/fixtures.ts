import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DeliveryRequest } from '../../../core/messages/delivery.ts';

/** Writes `{ 'greeting/sms.en.liquid': '…' }` into a fresh temp templates directory. */
export function templatesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'templates-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

export const shop = { name: 'Example Shop', url: 'https://shop.example.com' };

export function deliveryRequest(overrides: Partial<DeliveryRequest> = {}): DeliveryRequest {
  return {
    messageId: 'cart:3f1c:reminded:1',
    pseudonym: 'p-1',
    journeyId: 'cart',
    version: 1,
    entry: 1,
    message: 'cartReminder',
    template: 'greeting',
    channel: 'sms',
    category: 'promotional',
    variables: {},
    decidedAt: '2026-11-23T10:00:00.000Z',
    ...overrides,
  };
}
