/**
 * The function hosts' clock. The test moves time with vitest fake timers (`vi.setSystemTime`) in its own process and
 * sends its `Date.now()` with every invocation; a function host runs outside vitest, so this replaces `Date` the way
 * `vi.useFakeTimers({ toFake: ['Date'] })` does: `Date.now()` and `new Date()` answer the virtual time, which stands
 * still during an invocation; timers and the SDK's retries keep real time.
 */
const RealDate = globalThis.Date;
let virtualNow: number | undefined;

/** Real wall-clock milliseconds (for Lambda's remaining-time countdown, which is not virtual). */
export const realNow = (): number => RealDate.now();

export function setVirtualNow(now: number): void {
  virtualNow = now;
}

export function installVirtualClock(): void {
  class VirtualDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(VirtualDate.now());
      else super(...(args as [number]));
    }

    static override now(): number {
      return virtualNow ?? RealDate.now();
    }
  }
  globalThis.Date = VirtualDate as DateConstructor;
}
