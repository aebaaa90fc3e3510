import { describe, expect, it } from 'vitest';
import { promoJourney } from '../support/test-journeys.ts';
import { startJourney } from '../support/virtual-time.ts';

const journey = () =>
  startJourney(promoJourney({ variables: ['productId', 'price', 'currency'], required: ['price'] }));

describe('messages whose required variables are missing', () => {
  it('suppresses a message with missing_variable when a variable it requires is empty, rather than showing 0.00', () => {
    const run = journey();
    run.send('product.viewed', { productId: 'p-1' });
    expect(run.lastDecision('promo-offer')).toMatchObject({ outcome: 'suppressed', reasons: ['missing_variable'] });
  });

  it('sends the same message when the variable has a value', () => {
    const run = journey();
    run.send('product.viewed', { productId: 'p-1', price: 12.5, currency: 'USD' });
    expect(run.lastDecision('promo-offer')).toMatchObject({ outcome: 'send' });
  });
});
