import { parseArgs } from 'node:util';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { publishCustomerEvents } from '../adapters/aws/publish-customer-event.ts';

const USAGE = `npm run sample-events -- [--endpoint http://127.0.0.1:4010] [--customer c-42] [--country KR]
  [--time-zone Asia/Seoul] [--no-consent]
Publishes a short story for one customer (profile, consent unless --no-consent, views, cart, order) to the local
runtime's PutEvents endpoint (npm start), or any EventBridge-compatible endpoint.`;

/** Publishes a short, realistic story for one customer to the local runtime (or any PutEvents endpoint). */
const parsed = (() => {
  try {
    return parseArgs({
      allowNegative: true,
      options: {
        endpoint: { type: 'string', default: 'http://127.0.0.1:4010' },
        customer: { type: 'string', default: 'c-42' },
        country: { type: 'string', default: 'KR' },
        'time-zone': { type: 'string', default: 'Asia/Seoul' },
        consent: { type: 'boolean', default: true },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`sample-events: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
})();
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const { values } = parsed;
const client = new EventBridgeClient({
  endpoint: values.endpoint,
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const customerId = values.customer;
const locale = values.country === 'KR' ? 'ko' : 'en';
const results = await publishCustomerEvents(client, {
  source: 'shop.web',
  events: [
    {
      detailType: 'customer.profile_updated',
      detail: {
        customerId,
        contact: { firstName: 'Mina', email: `${customerId}@example.com`, phone: '+821012345678' },
        timeZone: values['time-zone'],
        country: values.country,
        locale,
      },
    },
    ...(values.consent
      ? [
          {
            detailType: 'consent.changed' as const,
            detail: {
              customerId,
              channel: 'email' as const,
              purpose: 'marketing' as const,
              granted: true,
              source: 'signup-form',
              wordingVersion: 'v1',
            },
          },
        ]
      : []),
    {
      detailType: 'product.viewed',
      detail: { customerId, productId: 'sku-7', category: 'shoes', price: 89000, currency: 'KRW' },
    },
    {
      detailType: 'cart.item_added',
      detail: {
        customerId,
        cartId: 'cart-1',
        productId: 'sku-7',
        quantity: 1,
        itemCount: 1,
        cartValue: 89000,
        currency: 'KRW',
      },
    },
    {
      detailType: 'order.placed',
      detail: {
        customerId,
        orderId: 'o-1',
        total: 39000,
        currency: 'KRW',
        items: [{ productId: 'sku-2', quantity: 1, price: 39000 }],
      },
    },
  ],
});
for (const result of results) {
  console.log(
    result.ok
      ? `published ${result.detailType} ${result.eventId}`
      : `refused ${result.detailType}: ${result.errorMessage}`,
  );
}
console.log(`\nNext: npm run why -- ${customerId}`);
