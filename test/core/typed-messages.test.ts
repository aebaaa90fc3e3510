import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { defineJourney, journeyMessages } from '../../core/journey-runtime/definition.ts';

const { messages, sendMessage } = journeyMessages({
  nudge: { channels: ['email'], template: 'nudge', category: 'promotional' },
});

describe('typed sendMessage', () => {
  it('makes a misspelled message name a compile error (npm run typecheck fails without the expect-error)', () => {
    const machine = setup({ actions: { sendMessage } }).createMachine({
      id: 'typed',
      initial: 'start',
      states: {
        start: { entry: { type: 'sendMessage', params: { message: 'nudge' } }, on: { go: 'done' } },
        // @ts-expect-error 'nudg' is not a message of this journey
        done: { type: 'final', entry: { type: 'sendMessage', params: { message: 'nudg' } } },
      },
    });
    const define = () =>
      defineJourney({
        id: 'typed',
        version: 1,
        goal: 'g',
        priority: 1,
        entry: { triggers: ['product.viewed'] },
        messages,
        onConflict: 'drop',
        machine,
      });
    expect(define).toThrow('asks for message "nudg" which is not declared in messages');
  });
});
