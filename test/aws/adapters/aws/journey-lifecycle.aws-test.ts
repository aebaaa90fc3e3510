import { DeleteParameterCommand } from '@aws-sdk/client-ssm';
import { describe, expect, inject, it } from 'vitest';
import { readLifecycleParameter, SsmJourneyLifecycleStore } from '../../../../adapters/aws/ssm-journey-lifecycle.ts';
import { CachedLifecycleSource } from '../../../../adapters/cached-lifecycle-source.ts';
import { changeLifecycle, EMPTY_LIFECYCLE_DOCUMENT } from '../../../../core/journey-runtime/lifecycle.ts';
import { harnessClients } from '../../harness/aws-clients.ts';
import { uniqueName } from '../../harness/moto-fixtures.ts';

const clients = harnessClients(inject('motoEndpoint'));
const at = '2026-11-29T16:00:00.000Z';

describe('the journey lifecycle in an SSM parameter, on moto', () => {
  it('reads a missing parameter as every journey active, then what an operator wrote', async () => {
    const store = new SsmJourneyLifecycleStore({ client: clients.ssm, parameterName: `/${uniqueName('lifecycle')}` });
    expect(await store.read()).toEqual(EMPTY_LIFECYCLE_DOCUMENT);
    const paused = changeLifecycle(EMPTY_LIFECYCLE_DOCUMENT, 'cart', 'pause', { at, inFlight: 'exit' });
    if ('refused' in paused) throw new Error(paused.refused);
    await store.write(paused);
    expect(await store.read()).toEqual(paused);
    const stopped = changeLifecycle(paused, 'browse', 'stop', { at });
    if ('refused' in stopped) throw new Error(stopped.refused);
    await store.write(stopped);
    expect(await store.read()).toEqual(stopped);
    await clients.ssm.send(new DeleteParameterCommand({ Name: store.location }));
  });

  it('lets the engine see a change once its cached read is older than the maximum age', async () => {
    const name = `/${uniqueName('lifecycle')}`;
    const store = new SsmJourneyLifecycleStore({ client: clients.ssm, parameterName: name });
    await store.write(EMPTY_LIFECYCLE_DOCUMENT);
    let now = 0;
    const source = new CachedLifecycleSource({
      location: name,
      readText: () => readLifecycleParameter(clients.ssm, name),
      maxAgeMs: 30_000,
      now: () => now,
    });
    expect(await source.current()).toEqual({});
    const paused = changeLifecycle(EMPTY_LIFECYCLE_DOCUMENT, 'cart', 'pause', { at });
    if ('refused' in paused) throw new Error(paused.refused);
    await store.write(paused);
    now = 29_999;
    expect(await source.current()).toEqual({});
    now = 30_000;
    expect(await source.current()).toEqual({ cart: { state: 'paused', since: at } });
  });
});
