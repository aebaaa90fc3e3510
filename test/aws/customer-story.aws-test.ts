import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { DescribeArchiveCommand } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { SsmJourneyLifecycleStore } from '../../adapters/aws/ssm-journey-lifecycle.ts';
import type { DecisionRecord } from '../../core/customer/outbox.ts';
import { changeShadow } from '../../core/journey-runtime/lifecycle.ts';
import { DUMMY_CREDENTIALS, type HarnessClients, harnessClients } from './harness/aws-clients.ts';
import { type CallRow, callTable, writeCallTable } from './harness/call-table.ts';
import { REGION } from './harness/deployed-stack.ts';
import { PROJECT_ROOT } from './harness/lambda-functions.ts';
import { MotoDeployment } from './harness/moto-deployment.ts';
import { motoApi } from './harness/moto-server.ts';
import { operatorSetup } from './harness/operator-setup.ts';
import { provisionStack } from './harness/provision-stack.ts';
import { sentEmails } from './harness/ses-outbox.ts';
import { busPublisher, callRow, customerOutsideHoldout, detailOf, peekQueue, stackOutput } from './harness/story.ts';
import { logicalIdOf, propertiesOf } from './harness/template.ts';

const endpoint = inject('motoEndpoint');
const template = inject('template');
const HOUR = 3_600_000;
/** 10:00 in Seoul (01:00 UTC): outside the KR quiet hours (21:00–08:00) for the promotional reminder an hour later. */
const STORY_STARTS = Date.parse('2027-01-05T01:00:00Z');
const CONTACT = { email: 'minji@example.kr', phone: '+821012345678', firstName: '민지' };

describe('the synthesized stack on moto, end to end', () => {
  let deployment: MotoDeployment;
  let clients: HarnessClients;
  let publish: ReturnType<typeof busPublisher>;
  let customer: { customerId: string; pseudonym: string };
  const rows: CallRow[] = [];
  const runDate = new Date().toISOString().slice(0, 10);

  /** Publishes one event, lets the event source mappings drain every queue, records the handlers' calls. */
  async function publishAndDrain(detailType: string, payload: Record<string, unknown>, step = detailType) {
    await publish(detailType, detailOf(customer.customerId, payload));
    const report = await deployment.drain();
    rows.push(callRow(step, report));
    return report;
  }

  const env = (name: string, key: string) => deployment.functions[name]?.environment[key] as string;

  beforeAll(async () => {
    await motoApi.reset(endpoint);
    const { stack } = await provisionStack(endpoint, template);
    clients = harnessClients(endpoint);
    deployment = await MotoDeployment.start(endpoint, stack);
    await operatorSetup(clients, Object.values(deployment.functions));
    publish = busPublisher(clients, stackOutput(stack, 'EventBusName'));
    customer = await customerOutsideHoldout(
      clients,
      env('ingest', 'PSEUDONYM_KEY_PARAMETER'),
      Array.from({ length: 20 }, (_, index) => `c-kr-${index + 1}`),
    );
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(STORY_STARTS);
  });

  afterAll(async () => {
    vi.useRealTimers();
    await deployment?.stop();
    if (rows.length === 0) return;
    const table = callTable(rows);
    const path = writeCallTable(
      table,
      runDate,
      'Written by `npm run test:aws` (test/aws/customer-story.aws-test.ts): the four handlers of the synthesized ' +
        'stack on moto, each in its own process with its template environment. Counted by patching ' +
        '`Client.prototype.send` of `@smithy/core/client` in each function process; a retried call counts once. ' +
        'Invocations are Lambda invocations (one per SQS batch, or one per schedule tick).',
    );
    console.log(`\nAWS SDK calls of the handlers per story step (${path}):\n\n${table}\n`);
  });

  it('sends the order confirmation through SES v2, with the contact decrypted under its customer key', async () => {
    await publishAndDrain('customer.profile_updated', {
      contact: CONTACT,
      country: 'KR',
      timeZone: 'Asia/Seoul',
      locale: 'ko',
    });
    await publishAndDrain('consent.changed', {
      channel: 'email',
      purpose: 'marketing',
      granted: true,
      source: 'signup-form',
      wordingVersion: 'v3',
    });
    const order = await publishAndDrain('order.placed', {
      orderId: 'o-1001',
      total: 39000,
      currency: 'KRW',
      items: [{ productId: 'p-1', quantity: 1, price: 39000 }],
    });

    expect(order.invocationErrors).toEqual([]);
    const [confirmation, ...others] = await sentEmails(endpoint);
    expect(others).toEqual([]);
    console.log('SES v2 message read back from moto:', JSON.stringify(confirmation, null, 2));
    expect(confirmation).toMatchObject({ from: env('deliver', 'SENDER_EMAIL'), to: [CONTACT.email] });
    expect(confirmation?.subject).toContain('o-1001');
    expect(confirmation?.body).toContain(`${CONTACT.firstName}님, 주문해 주셔서 감사합니다.`);
    const deliverCalls = order.calls.deliver ?? [];
    // The customer key is unwrapped with the contact key pair read from Secrets Manager once per cold start; no KMS
    // call per contact (decision 0006).
    expect(deliverCalls).toContainEqual({ service: 'Secrets Manager', operation: 'GetSecretValue', ok: true });
    expect(deliverCalls.filter((call) => call.service === 'KMS')).toEqual([]);
    expect(deliverCalls).toContainEqual({ service: 'SESv2', operation: 'SendEmail', ok: true });
    expect(deployment.hosts.deliver?.logs.some((line) => line.includes('"audit":"decrypt"'))).toBe(true);
    const archive = await clients.events.send(
      new DescribeArchiveCommand({ ArchiveName: deployment.stack.refOf('RoutingBusArchive') }),
    );
    expect(archive.EventCount).toBeGreaterThanOrEqual(3);
  });

  it('sends the cart reminder when the sweeper runs an hour after the cart activity; cart@2 runs as a shadow', async () => {
    vi.setSystemTime(STORY_STARTS + 5 * 60_000);
    // The operator runs the candidate cart@2 as a shadow (`npm run journeys -- shadow cart@2 --parameter …`).
    const lifecycle = new SsmJourneyLifecycleStore({
      client: clients.ssm,
      parameterName: env('ingest', 'JOURNEY_LIFECYCLE_PARAMETER'),
    });
    const shadowed = changeShadow(await lifecycle.read(), 'cart', 2, new Date().toISOString());
    if ('refused' in shadowed) throw new Error(shadowed.refused);
    await lifecycle.write(shadowed);
    await publishAndDrain(
      'cart.item_added',
      { cartId: 'cart-7', productId: 'p-2', quantity: 1, itemCount: 1, cartValue: 12000, currency: 'KRW' },
      'cart.item_added (a new cart after the order)',
    );
    // The consent change of the first step gets its receipt 5 minutes later (정보통신망법 §50): the customer's due
    // timer fires with their next event.
    const [, receipt, ...later] = await sentEmails(endpoint);
    console.log('SES v2 message read back from moto:', JSON.stringify(receipt, null, 2));
    expect(receipt?.to).toEqual([CONTACT.email]);
    expect(receipt?.subject).toContain('수신동의 변경 처리 결과 안내');
    expect(later).toEqual([]);

    vi.setSystemTime(STORY_STARTS + 5 * 60_000 + HOUR + 2 * 60_000);
    const tick = await deployment.hosts.sweeper!.invoke(deployment.functions.sweeper!.schedule!.input);
    expect(tick.ok).toBe(true);
    expect(tick.result).toMatchObject({ customers: 1 });
    const drained = await deployment.drain();
    const row = callRow('sweeper tick 62 min later (its first run sweeps the last hour), then timer.due', drained);
    rows.push({ ...row, functions: { sweeper: { invocations: 1, calls: tick.calls }, ...row.functions } });

    const reminder = (await sentEmails(endpoint))[2];
    console.log('SES v2 message read back from moto:', JSON.stringify(reminder, null, 2));
    expect(reminder?.to).toEqual([CONTACT.email]);
    expect(reminder?.subject).toMatch(/^\(광고\)/);
    // A KR customer without profiling consent gets the reminder's generic version (no cart contents).
    expect(reminder?.subject).toContain(`${CONTACT.firstName}님, 장바구니가 저장되어 있어요`);
    // The shadow decided the same reminder (its 30-minute wait had passed too) and sent nothing.
    expect(await sentEmails(endpoint)).toHaveLength(3);
    const { Items = [] } = await clients.dynamodb.send(
      new QueryCommand({
        TableName: env('ingest', 'TABLE_NAME'),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
        ExpressionAttributeValues: { ':pk': { S: `C#${customer.pseudonym}` }, ':d': { S: 'D#' } },
      }),
    );
    const shadowDecisions = Items.map((item) => JSON.parse(item.doc?.S ?? '{}') as DecisionRecord).filter(
      (decision) => decision.outcome === 'shadow',
    );
    console.log('shadow decisions in the decision log:', JSON.stringify(shadowDecisions));
    expect(shadowDecisions).toEqual([
      expect.objectContaining({
        journeyId: 'cart',
        version: 2,
        template: 'cart-reminder-generic',
        wouldBe: 'send',
        messageId: expect.stringMatching(/^cart@2:/),
      }),
    ]);
  });

  it('puts a contract-invalid event on the rejected-events queue with its reason', async () => {
    await publish('product.viewed', { v: 1 });
    rows.push(callRow('product.viewed {"v":1} (contract-invalid)', await deployment.drain()));

    const [rejected, ...more] = (await peekQueue(clients, env('ingest', 'REJECTED_QUEUE_URL'))).map(
      (body) => JSON.parse(body) as { reason: string; detailType: string; issues: Array<{ field: string }> },
    );
    expect(more).toEqual([]);
    console.log('rejected-events queue:', JSON.stringify(rejected));
    expect(rejected?.detailType).toBe('product.viewed');
    expect(rejected?.reason).toEqual(expect.any(String));
    expect(rejected?.issues.map((issue) => issue.field)).toEqual(
      expect.arrayContaining(['detail.eventId', 'detail.occurredAt', 'detail.customerId', 'detail.productId']),
    );
  });

  it('moves a delivery request that always throws to the delivery DLQ after maxReceiveCount receives', async () => {
    const deliveryQueue = logicalIdOf(template, 'QueuesDelivery', 'AWS::SQS::Queue');
    const { maxReceiveCount } = propertiesOf(template, deliveryQueue).RedrivePolicy as { maxReceiveCount: number };
    // Not a delivery request (a bug upstream): parseDeliveryRequest throws on every receive.
    const poison = JSON.stringify({ messageId: 'm-poison', channel: 'email' });
    await clients.sqs.send(
      new SendMessageCommand({ QueueUrl: deployment.stack.ref(deliveryQueue), MessageBody: poison }),
    );
    const drained = await deployment.drain();
    rows.push(callRow(`poison delivery request (${maxReceiveCount} receives)`, drained));

    expect(drained.invocations.deliver).toBe(maxReceiveCount);
    expect(drained.failedRecords.deliver).toBe(maxReceiveCount);
    const dead = await peekQueue(clients, deployment.stack.refOf('QueuesDeliveryDlq'));
    console.log('delivery DLQ:', JSON.stringify(dead));
    expect(dead).toEqual([poison]);
  });

  it('exports the customer to the export bucket, encrypted with the data key, once late events had time to arrive', async () => {
    const requested = Date.now();
    await publishAndDrain('privacy.export_requested', { requestId: 'dsr-1' });
    vi.setSystemTime(requested + 6 * 60_000);
    const tick = await deployment.hosts.sweeper!.invoke(deployment.functions.sweeper!.schedule!.input);
    expect(tick.ok).toBe(true);
    rows.push(callRow('sweeper tick 6 min after the export request, then the export', await deployment.drain()));

    const bucket = env('privacy', 'EXPORT_BUCKET');
    const { Contents = [] } = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    const key = `exports/${customer.pseudonym}/dsr-1.json`;
    expect(Contents.map((object) => object.Key)).toEqual([key]);
    const head = await clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ServerSideEncryption).toBe('aws:kms');
    expect(head.SSEKMSKeyId).toBe(env('privacy', 'DATA_KEY_ARN'));
    const body = await (
      await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    ).Body?.transformToString();
    expect(body).toContain(CONTACT.email);
  });

  it('erases the customer, and `npm run why` against the table shows the tombstone', async () => {
    await publishAndDrain('privacy.erasure_requested', { requestId: 'dsr-2' });

    const table = env('privacy', 'TABLE_NAME');
    const { Items = [] } = await clients.dynamodb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `C#${customer.pseudonym}` } },
      }),
    );
    // The tombstone, and the erasure's receipt: the counts it announced, nothing else (decision 0013).
    expect(Items.map((item) => item.sk?.S)).toEqual([expect.stringMatching(/^ERASURE#/), 'STATE']);
    const [receipt, tombstone] = Items;
    expect(Object.keys(receipt ?? {}).sort()).toEqual(['itemsDeleted', 'keysDestroyed', 'pk', 'sk', 'ttl']);
    expect(tombstone?.contact).toBeUndefined();
    const keys = await clients.dynamodb.send(
      new QueryCommand({
        TableName: env('privacy', 'CUSTOMER_KEYS_TABLE_NAME'),
        KeyConditionExpression: 'pseudonym = :p',
        ExpressionAttributeValues: { ':p': { S: customer.pseudonym } },
      }),
    );
    expect(keys.Items).toEqual([]);

    const { stdout } = await promisify(execFile)(
      'npm',
      [
        'run',
        'why',
        '--',
        customer.customerId,
        '--table',
        table,
        '--pseudonym-secret',
        env('ingest', 'PSEUDONYM_KEY_PARAMETER'),
        '--region',
        REGION,
      ],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          AWS_ENDPOINT_URL: endpoint,
          AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
        },
      },
    );
    console.log(`npm run why (against the table in moto):\n${stdout}`);
    expect(stdout).toContain(customer.pseudonym);
    expect(stdout).toMatch(/ERASED\s+.*all data deleted/);
  });
});
