import { describe, expect, it } from 'vitest';
import { InvalidLifecycleConfigError } from '../../../core/errors.ts';
import {
  changeLifecycle,
  EMPTY_LIFECYCLE_DOCUMENT,
  formatLifecycleDocument,
  lifecycleModeOf,
  lifecycleStateOf,
  parseLifecycleDocument,
} from '../../../core/journey-runtime/lifecycle.ts';

const since = '2026-11-23T10:00:00.000Z';

describe('journey lifecycle configuration', () => {
  it('reads an empty text as the empty document, and a written document back as it was', () => {
    expect(parseLifecycleDocument('  \n', 'file')).toEqual(EMPTY_LIFECYCLE_DOCUMENT);
    const document = {
      v: 1 as const,
      journeys: { cart: { state: 'paused' as const, since, inFlight: 'exit' as const } },
    };
    expect(parseLifecycleDocument(formatLifecycleDocument(document), 'file')).toEqual(document);
  });

  it.each([
    ['not JSON', '{', /lifecycle\.json is invalid: not JSON/],
    [
      'an unknown state',
      JSON.stringify({ v: 1, journeys: { cart: { state: 'asleep', since } } }),
      /journeys\.cart\.state/,
    ],
    [
      'a journey id that is no journey id',
      JSON.stringify({ v: 1, journeys: { Cart: { state: 'paused', since } } }),
      /kebab-case/,
    ],
    ['a missing since', JSON.stringify({ v: 1, journeys: { cart: { state: 'paused' } } }), /journeys\.cart\.since/],
    ['another document version', JSON.stringify({ v: 2, journeys: {} }), /v:/],
  ])('refuses %s with where and why', (_, text, message) => {
    expect(() => parseLifecycleDocument(text, 'lifecycle.json')).toThrow(InvalidLifecycleConfigError);
    expect(() => parseLifecycleDocument(text, 'lifecycle.json')).toThrow(message);
  });

  it('calls a journey nobody configured active', () => {
    expect(lifecycleStateOf(undefined, 'cart')).toBe('active');
    expect(lifecycleStateOf({ browse: { state: 'stopped', since } }, 'cart')).toBe('active');
  });

  it("holds or ends a paused journey's customers as the pause or else the journey says", () => {
    const paused = { cart: { state: 'paused' as const, since } };
    expect(lifecycleModeOf(paused, { id: 'cart' })).toBe('hold');
    expect(lifecycleModeOf(paused, { id: 'cart', whilePaused: 'exit' })).toBe('end-paused');
    expect(lifecycleModeOf({ cart: { ...paused.cart, inFlight: 'wait' } }, { id: 'cart', whilePaused: 'exit' })).toBe(
      'hold',
    );
    expect(lifecycleModeOf({ cart: { state: 'stopped', since } }, { id: 'cart' })).toBe('end-stopped');
    expect(lifecycleModeOf({ cart: { state: 'active', since } }, { id: 'cart' })).toBe('run');
  });
});

describe("an operator's lifecycle command", () => {
  const at = '2026-11-29T15:00:00.000Z';
  const paused = { v: 1 as const, journeys: { cart: { state: 'paused' as const, since } } };

  it('pauses an active journey with how its customers wait and why, and resumes it later', () => {
    const pausing = changeLifecycle(EMPTY_LIFECYCLE_DOCUMENT, 'cart', 'pause', { at, inFlight: 'exit', note: 'typo' });
    expect(pausing).toEqual({
      v: 1,
      journeys: { cart: { state: 'paused', since: at, inFlight: 'exit', note: 'typo' } },
    });
    expect(changeLifecycle(paused, 'cart', 'resume', { at })).toEqual({
      v: 1,
      journeys: { cart: { state: 'active', since: at } },
    });
  });

  it('leaves the other journeys as they were', () => {
    const next = changeLifecycle(paused, 'browse', 'stop', { at });
    expect(next).toEqual({ v: 1, journeys: { cart: paused.journeys.cart, browse: { state: 'stopped', since: at } } });
  });

  it.each([
    ['resuming an active journey', EMPTY_LIFECYCLE_DOCUMENT, 'resume', /already active/],
    ['pausing a paused journey', paused, 'pause', /already paused/],
    [
      'anything on a stopped journey',
      { v: 1 as const, journeys: { cart: { state: 'stopped' as const, since } } },
      'resume',
      /cannot be active again/,
    ],
  ] as const)('refuses %s, saying why', (_, document, command, reason) => {
    const answer = changeLifecycle(document, 'cart', command, { at });
    expect(answer).toEqual({ refused: expect.stringMatching(reason) });
  });
});
