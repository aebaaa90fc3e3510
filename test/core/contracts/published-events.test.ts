import { describe, expect, it } from 'vitest';
import {
  PUBLISHED_BY_DEFAULT,
  publishedTypes,
  UnknownOutboundTypeError,
} from '../../../core/contracts/published-events.ts';
import { OUTBOUND_DETAIL_TYPES } from '../../../core/customer/outbox.ts';

describe("a stage's outbound event types", () => {
  it('are the default set when the stage does not choose', () => {
    expect([...publishedTypes(undefined)]).toEqual(PUBLISHED_BY_DEFAULT);
    expect([...publishedTypes('  ')]).toEqual(PUBLISHED_BY_DEFAULT);
  });

  it('leave out by default what the customer log records anyway', () => {
    for (const logged of ['journey.entered', 'journey.exited', 'journey.converted', 'message.decided'] as const) {
      expect(publishedTypes(undefined).has(logged)).toBe(false);
    }
  });

  it('can be every type, none, or a list', () => {
    expect([...publishedTypes('all')]).toEqual(OUTBOUND_DETAIL_TYPES);
    expect(publishedTypes('none').size).toBe(0);
    expect([...publishedTypes('journey.entered, message.sent')]).toEqual(['journey.entered', 'message.sent']);
  });

  it('refuse a detail-type there is not, naming it', () => {
    expect(() => publishedTypes('message.sent,journey.enterd')).toThrow(UnknownOutboundTypeError);
    expect(() => publishedTypes('journey.enterd')).toThrow(/"journey.enterd"/);
  });
});
