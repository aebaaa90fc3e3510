import { assign, setup } from 'xstate';
import type { JourneyEventOf } from '../core/events/journey-events.ts';
import { defineJourney, type JourneyInput, journeyMessages } from '../core/journey-runtime/definition.ts';
import { days, hours } from '../core/time.ts';
import { PRIORITY } from './policy.ts';

type ProductViewed = JourneyEventOf<'product.viewed'>;
type BrowseEvent = ProductViewed | JourneyEventOf<'cart.item_added' | 'order.placed'>;

interface BrowseContext {
  productId: string;
  category: string | null;
  price: number | null;
  currency: string | null;
  views: number;
}

const { messages, sendMessage } = journeyMessages({
  browseFollowUp: {
    channels: ['email'],
    template: 'browse-follow-up',
    category: 'promotional',
    variables: ['productId', 'category', 'price', 'currency'],
    profiling: {},
  },
});

const productFacts = (event: ProductViewed) => ({
  productId: event.productId,
  category: event.category ?? null,
  price: event.price ?? null,
  currency: event.currency ?? null,
});

const machine = setup({
  types: {} as { context: BrowseContext; events: BrowseEvent; input: JourneyInput<ProductViewed> },
  delays: { followUpDelay: hours(3) },
  actions: {
    sendMessage,
    rememberProduct: assign(({ context, event }) => ({
      ...productFacts(event as ProductViewed),
      views: context.views + 1,
    })),
  },
}).createMachine({
  id: 'browse',
  context: ({ input }) => ({ ...productFacts(input.trigger), views: 1 }),
  initial: 'browsing',
  states: {
    browsing: {
      after: { followUpDelay: 'completed' },
      on: {
        'product.viewed': { target: 'browsing', reenter: true, actions: 'rememberProduct' },
        'cart.item_added': 'carted',
        'order.placed': 'ordered',
      },
    },
    completed: { type: 'final', entry: { type: 'sendMessage', params: { message: 'browseFollowUp' } } },
    carted: { type: 'final' },
    ordered: { type: 'final' },
  },
});

/** Browse follow-up: one nudge about the last product viewed when no cart follows within 3 hours. */
export const browseJourney = defineJourney({
  id: 'browse',
  version: 1,
  goal: 'Turn product views that led nowhere into carts with one follow-up 3 h after the last view.',
  priority: PRIORITY.browse,
  entry: { triggers: ['product.viewed'], reentryCooldown: days(1), endedBy: ['cart.item_added', 'order.placed'] },
  messages,
  caps: [{ max: 2, window: days(7) }],
  conversion: { event: 'order.placed', window: days(7) },
  onConflict: 'drop',
  machine,
});
