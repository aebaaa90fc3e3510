import type { RenderedMessage } from '../../../core/ports/messaging.ts';

/** A rendered message for channel adapter tests. */
export function renderedMessage(overrides: Partial<RenderedMessage> = {}): RenderedMessage {
  return {
    messageId: 'cart:3f1c:reminded:1',
    channel: 'email',
    category: 'promotional',
    template: 'cart-reminder',
    subject: 'You left something in your cart',
    body: '<p>Your cart is waiting</p>',
    ...overrides,
  };
}
