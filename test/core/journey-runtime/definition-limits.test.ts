import { describe, expect, it } from 'vitest';
import { InvalidJourneyDefinitionError } from '../../../core/errors.ts';
import { defineJourney, type JourneyLimits } from '../../../core/journey-runtime/definition.ts';
import { promoJourney } from '../../support/test-journeys.ts';

const withLimits = (limits: JourneyLimits) => defineJourney({ ...promoJourney(), limits });

describe('journey limits in a definition', () => {
  it('accepts a daily cap, a total cap, a rate, what to do over the cap, a time zone and shards', () => {
    const limits: JourneyLimits = {
      daily: 1000,
      total: 50_000,
      perSecond: 20,
      onExceed: 'suppress',
      timeZone: 'Asia/Seoul',
      shards: 8,
    };
    expect(withLimits(limits).limits).toEqual(limits);
  });

  it.each([
    [{ daily: 0 }, 'limits.daily must be a positive integer'],
    [{ total: 2.5 }, 'limits.total must be a positive integer'],
    [{ perSecond: -1 }, 'limits.perSecond must be a positive integer'],
    [{ daily: 10, shards: 65 }, 'limits.shards must be at most 64'],
    [{ daily: 10, timeZone: 'Asia/Busan' }, 'limits.timeZone "Asia/Busan" is not an IANA time zone'],
  ])('refuses %o when the journey loads: %s', (limits, problem) => {
    expect(() => withLimits(limits)).toThrow(InvalidJourneyDefinitionError);
    expect(() => withLimits(limits)).toThrow(problem);
  });
});
