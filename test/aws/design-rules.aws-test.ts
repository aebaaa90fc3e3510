import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type HarnessClients, harnessClients } from './harness/aws-clients.ts';
import { MotoDeployment } from './harness/moto-deployment.ts';
import { motoApi } from './harness/moto-server.ts';
import { operatorSetup } from './harness/operator-setup.ts';
import { provisionStack } from './harness/provision-stack.ts';
import { busPublisher, detailOf, peekQueue, stackOutput } from './harness/story.ts';

const endpoint = inject('motoEndpoint');
const template = inject('template');
const NOW = Date.parse('2027-01-05T01:00:00Z');

/**
 * Binding rules of DESIGN.md §11 on the deployed stack. Each rule has a plain test that runs the scenario (so a
 * harness failure cannot hide behind the rule) and a test of the rule itself. Until 2026-11-29 both were `it.fails`
 * markers of product gaps.
 */
describe('DESIGN.md §11 on the deployed stack', () => {
  let deployment: MotoDeployment;
  let clients: HarnessClients;
  let publish: ReturnType<typeof busPublisher>;
  const rejected = (): Promise<Array<Record<string, unknown>>> =>
    peekQueue(clients, deployment.stack.refOf('QueuesRejectedEvents')).then((bodies) =>
      bodies.map((body) => JSON.parse(body) as Record<string, unknown>),
    );

  beforeAll(async () => {
    await motoApi.reset(endpoint);
    const { stack } = await provisionStack(endpoint, template);
    clients = harnessClients(endpoint);
    deployment = await MotoDeployment.start(endpoint, stack);
    await operatorSetup(clients, Object.values(deployment.functions));
    publish = busPublisher(clients, stackOutput(stack, 'EventBusName'));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });

  afterAll(async () => {
    vi.useRealTimers();
    await deployment?.stop();
  });

  describe('an event dated an hour after its receipt', () => {
    let rejections: Array<Record<string, unknown>> = [];

    it('is processed by ingest without an error (scenario)', async () => {
      const detail = detailOf('c-gap-future', { productId: 'p-1' });
      detail.occurredAt = new Date(NOW + 3_600_000).toISOString();
      await publish('product.viewed', detail);
      const report = await deployment.drain();
      expect(report.invocationErrors).toEqual([]);
      expect(report.invocations.ingest).toBe(1);
      rejections = await rejected();
    });

    it('is rejected with a reason, as more than 5 min ahead (DESIGN §11 "event time is bounded")', () => {
      expect(rejections).toContainEqual(expect.objectContaining({ detailType: 'product.viewed' }));
    });
  });

  describe('a contract-invalid profile update carrying a customer id and an email address', () => {
    const customerId = 'c-gap-plaintext-7731';
    const email = 'gap.plaintext@example.kr';
    let body = '';

    it('reaches the rejected-events queue (scenario)', async () => {
      await publish('customer.profile_updated', detailOf(customerId, { contact: { email, phone: 'not-a-phone' } }));
      expect((await deployment.drain()).invocationErrors).toEqual([]);
      const [record, ...more] = await rejected();
      expect(more).toEqual([]);
      expect(record).toMatchObject({ detailType: 'customer.profile_updated' });
      body = JSON.stringify(record);
    });

    it('keeps no identifier value in the rejected-events queue (DESIGN §11)', () => {
      expect(body).not.toContain(customerId);
      expect(body).not.toContain(email);
    });
  });
});
