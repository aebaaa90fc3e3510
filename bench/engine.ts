/**
 * The pure engine (4 journeys + policy, no I/O) over REES46 looped to `--events` (default 218,000), or over the
 * synthetic mix (`--input synthetic`: its first events with their profiles), one core: events per second
 * (min/median/max of `--runs`), and a digest of the decision stream so an optimisation can be checked to decide
 * exactly as before. `node bench/engine.ts [--input rees46|synthetic] [--events 218000] [--runs 3]`
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type CustomerState, newCustomer } from '../core/customer/state.ts';
import { applyCustomerEvent } from '../core/engine/apply-customer-event.ts';
import { policy, registry } from '../journeys/index.ts';
import { type EngineEvent, looped, protect, rees46Events, syntheticMixEvents } from './engine-input.ts';
import { fmt } from './measure.ts';

export interface EngineRun {
  eventsPerSecond: number;
  decisions: number;
  digest: string;
}

/** Applies every event to its customer at the event's time; the outbox is dropped after each round (dispatched). */
export function runEngine(events: readonly EngineEvent[]): EngineRun {
  const states = new Map<string, CustomerState>();
  const digest = createHash('sha256');
  let decisions = 0;
  const started = performance.now();
  for (const { pseudonym, event, at } of events) {
    const state = states.get(pseudonym) ?? newCustomer(pseudonym);
    const result = applyCustomerEvent(state, event, { registry, policy, now: at });
    for (const item of result.state.outbox) {
      if (item.kind !== 'decision') continue;
      decisions += 1;
      digest.update(`${item.record.messageId}|${item.record.outcome}|${item.record.reasons.join(',')}\n`);
    }
    states.set(pseudonym, result.state.outbox.length > 0 ? { ...result.state, outbox: [] } : result.state);
  }
  const seconds = (performance.now() - started) / 1000;
  return { eventsPerSecond: events.length / seconds, decisions, digest: digest.digest('hex').slice(0, 16) };
}

export type EngineInputName = 'rees46' | 'synthetic';

export async function engineInput(total: number, input: EngineInputName = 'rees46'): Promise<EngineEvent[]> {
  if (input === 'synthetic') return (await syntheticMixEvents(total)).slice(0, total).map(protect);
  return looped(await rees46Events(), total).map(protect);
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { input: { type: 'string' }, events: { type: 'string' }, runs: { type: 'string' } },
  });
  const name = values.input === 'synthetic' ? 'synthetic' : 'rees46';
  const input = await engineInput(Number(values.events ?? 218_000), name);
  const runs = Array.from({ length: Number(values.runs ?? 3) }, () => runEngine(input));
  const rates = runs.map((run) => run.eventsPerSecond).sort((a, b) => a - b);
  console.log(
    `pure engine (${name}): ${input.length} events, ${rates.map((rate) => fmt(rate)).join(' / ')} ev/s (min/median/max), ` +
      `${runs[0]?.decisions} decisions, digest ${runs[0]?.digest} (${new Set(runs.map((run) => run.digest)).size} distinct)`,
  );
}
