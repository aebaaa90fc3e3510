import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type AwsCredentials, type HarnessClients, harnessClients } from './harness/aws-clients.ts';
import type { DeployedStack } from './harness/deployed-stack.ts';
import {
  assumeRole,
  createHarnessAdmin,
  putRoleGrants,
  withEnforcementPaused,
  withoutGrant,
} from './harness/iam-enforcement.ts';
import { type PermissionProbe, permissionProbes, runProbe } from './harness/iam-probes.ts';
import { lambdaFunctions } from './harness/lambda-functions.ts';
import { MotoDeployment } from './harness/moto-deployment.ts';
import { motoApi } from './harness/moto-server.ts';
import { operatorSetup } from './harness/operator-setup.ts';
import { provisionStack } from './harness/provision-stack.ts';
import { sentEmails } from './harness/ses-outbox.ts';
import { busPublisher, customerOutsideHoldout, detailOf, peekQueue, stackOutput } from './harness/story.ts';

const endpoint = inject('motoEndpoint');
const template = inject('template');

describe("each function with only its own role's grants (moto IAM enforcement)", () => {
  let stack: DeployedStack;
  let deployment: MotoDeployment;
  let admin: HarnessClients;
  let publish: ReturnType<typeof busPublisher>;
  let customerId: string;
  const roleCredentials = new Map<string, AwsCredentials>();
  const roleOf = (name: string) => deployment.functions[name]?.roleLogicalId as string;

  async function order(orderId: string) {
    await publish(
      'order.placed',
      detailOf(customerId, {
        orderId,
        total: 5000,
        currency: 'KRW',
        items: [{ productId: 'p', quantity: 1, price: 5000 }],
      }),
    );
    return deployment.drain();
  }

  beforeAll(async () => {
    await motoApi.authenticateAfter(endpoint, Number.POSITIVE_INFINITY);
    await motoApi.reset(endpoint);
    ({ stack } = await provisionStack(endpoint, template));
    const functions = Object.values(lambdaFunctions(stack));
    for (const spec of functions) {
      await putRoleGrants(endpoint, stack, spec.roleLogicalId);
      const roleArn = stack.attribute(spec.roleLogicalId, 'Arn');
      roleCredentials.set(spec.roleLogicalId, await assumeRole(endpoint, roleArn, spec.name));
    }
    admin = harnessClients(endpoint, await createHarnessAdmin(endpoint));
    await operatorSetup(admin, functions);
    const ownRole = (spec: { roleLogicalId: string }) => roleCredentials.get(spec.roleLogicalId) as AwsCredentials;
    deployment = await MotoDeployment.start(endpoint, stack, {
      credentialsFor: ownRole,
      pollerCredentialsFor: ownRole,
    });
    publish = busPublisher(admin, stackOutput(stack, 'EventBusName'));
    ({ customerId } = await customerOutsideHoldout(admin, stack.refOf('EncryptionPseudonymKey'), [
      'c-iam-1',
      'c-iam-2',
    ]));
    await motoApi.authenticateAfter(endpoint, 0);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2027-01-05T01:00:00Z'));
  });

  afterAll(async () => {
    vi.useRealTimers();
    await motoApi.authenticateAfter(endpoint, Number.POSITIVE_INFINITY);
    await deployment?.stop();
  });

  it('sends the order confirmation with every handler and event source mapping on its own role', async () => {
    await publish(
      'customer.profile_updated',
      detailOf(customerId, { contact: { email: 'iam@example.kr', firstName: '하나' }, country: 'KR' }),
    );
    const profile = await deployment.drain();
    const confirmation = await order('o-iam-1');

    const calls = [profile, confirmation].flatMap((report) => Object.values(report.calls).flat());
    expect(calls.filter((call) => !call.ok)).toEqual([]);
    expect(calls.map((call) => `${call.service}:${call.operation}`)).toEqual(
      expect.arrayContaining([
        'SSM:GetParameter',
        'Secrets Manager:GetSecretValue',
        'DynamoDB:PutItem',
        'SESv2:SendEmail',
      ]),
    );
    expect((await sentEmails(endpoint)).map((email) => email.to)).toEqual([['iam@example.kr']]);
  });

  it('enforces IAM on every service the handlers use; resources only for SQS and S3', async () => {
    const sweeper = harnessClients(endpoint, roleCredentials.get(roleOf('sweeper')));
    const probes: PermissionProbe[] = permissionProbes(stack, deployment);
    const outcomes = [];
    for (const probe of probes) outcomes.push({ ...probe, got: await runProbe(sweeper, probe) });
    console.log(
      `\nmoto IAM enforcement, probed with the sweeper's role:\n\n| service | request | on AWS | on moto |\n|---|---|---|---|\n${outcomes
        .map((outcome) => `| ${outcome.service} | ${outcome.label} | ${outcome.onAws} | ${outcome.got} |`)
        .join('\n')}\n`,
    );
    for (const outcome of outcomes)
      expect({ [outcome.label]: outcome.got }).toEqual({ [outcome.label]: outcome.onMoto });
  });

  it('dead-letters the order when ingest loses sqs:SendMessage on the delivery queue', async () => {
    const deliveryQueueArn = stack.attributeOf('QueuesDelivery', 'Arn');
    await withEnforcementPaused(endpoint, () =>
      putRoleGrants(endpoint, stack, roleOf('ingest'), (document) =>
        withoutGrant(document, 'sqs:SendMessage', deliveryQueueArn),
      ),
    );
    try {
      const failed = await order('o-iam-2');
      expect(failed.failedRecords.ingest).toBe(5);
      expect(failed.calls.ingest).toContainEqual({ service: 'SQS', operation: 'SendMessageBatch', ok: false });
      // moto answers a denied JSON-protocol request with an XML AccessDenied body (HTTP 403) the SDK cannot parse.
      expect(failed.invocationErrors.join('\n')).toMatch(/SyntaxError \(HTTP 403\)/);
      const [dead] = await peekQueue(admin, stack.refOf('QueuesIngestDlq'));
      expect(JSON.parse(dead as string)).toMatchObject({
        'detail-type': 'order.placed',
        detail: { orderId: 'o-iam-2' },
      });
      expect(await sentEmails(endpoint)).toHaveLength(1);
    } finally {
      await withEnforcementPaused(endpoint, () => putRoleGrants(endpoint, stack, roleOf('ingest')));
    }
  });

  it('retries and dead-letters the email when deliver loses ses:SendEmail', async () => {
    await withEnforcementPaused(endpoint, () =>
      putRoleGrants(endpoint, stack, roleOf('deliver'), (document) => withoutGrant(document, 'ses:SendEmail')),
    );
    try {
      const denied = await order('o-iam-3');
      expect(denied.calls.deliver).toContainEqual({ service: 'SESv2', operation: 'SendEmail', ok: false });
      // On AWS the denial is AccessDeniedException (a client fault): deliver would report message.failed once. moto's
      // XML 403 body makes the SDK throw a SyntaxError, which deliver treats as unknown and lets SQS retry.
      expect(denied.invocationErrors.join('\n')).toMatch(/SyntaxError \(HTTP 403\)/);
      expect(denied.invocations.deliver).toBe(5);
      const dead = (await peekQueue(admin, stack.refOf('QueuesDeliveryDlq'))).map(
        (body) => JSON.parse(body) as { template: string },
      );
      // o-iam-3's confirmation, and o-iam-2's: left in the customer's outbox when ingest could not enqueue it, and
      // dispatched with the customer's next event (the transactional outbox at work).
      expect(dead.map((request) => request.template)).toEqual(['order-confirmation', 'order-confirmation']);
      expect(await sentEmails(endpoint)).toHaveLength(1);
    } finally {
      await withEnforcementPaused(endpoint, () => putRoleGrants(endpoint, stack, roleOf('deliver')));
    }
  });
});
