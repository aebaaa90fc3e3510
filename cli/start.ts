import { parseArgs } from 'node:util';
import { ConsoleTelemetry } from './local/console-telemetry.ts';
import { DataDirInUseError } from './local/data-dir-lock.ts';
import { startLocalRuntime } from './local/runtime.ts';
import { removeRuntimeFile, writeRuntimeFile } from './local/runtime-file.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.JOURNEYS_PORT ?? '4010' },
    'data-dir': { type: 'string', default: '.data' },
    'sweep-seconds': { type: 'string', default: '15' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    'npm start -- [--port 4010] [--data-dir .data] [--sweep-seconds 15]   (unsubscribe endpoint on port + 1)',
  );
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}

const telemetry = new ConsoleTelemetry((line) => console.log(line));
const runtime = await startLocalRuntime({
  dataDir: values['data-dir'],
  port,
  sweepIntervalMs: Number(values['sweep-seconds']) * 1000,
  telemetry,
}).catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    console.error(`Port ${port} or ${port + 1} (unsubscribe) is in use: another npm start? Use --port <n>.`);
  } else if (error instanceof DataDirInUseError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});

// Lets `npm run why` read the embedded DynamoDB through this process while it holds the store's lock.
await writeRuntimeFile(values['data-dir'], {
  pid: process.pid,
  putEventsEndpoint: runtime.endpoint,
  dynamoEndpoint: runtime.dynamoEndpoint,
  tableName: runtime.tableName,
  startedAt: new Date().toISOString(),
});

console.log(`
journey-orchestrator — local runtime on the embedded default
  EventBridge PutEvents  ${runtime.endpoint}   (bus "${runtime.busName}")
  one-click unsubscribe  ${runtime.unsubscribeEndpoint}   (the link in every promotional email)
  embedded DynamoDB      ${runtime.dynamoEndpoint}   (data in ${runtime.paths.dynamodb})
  keyring                ${runtime.paths.keyring}${runtime.keyringCreated ? '   (generated now, mode 0600)' : ''}
  mailbox                ${runtime.paths.mailbox}   (where messages are delivered locally)
  rejected events        ${runtime.paths.rejected}
  sweeper                every ${values['sweep-seconds']} s (timers fire within about a minute of their due time)

Publish an event from another terminal (a stock AWS SDK client; credentials are not checked locally):

  node --input-type=module -e "
  import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
  const bus = new EventBridgeClient({ endpoint: '${runtime.endpoint}', region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const detail = { v: 1, eventId: crypto.randomUUID(), occurredAt: new Date().toISOString(), customerId: 'c-42',
    orderId: 'o-1', total: 39000, currency: 'KRW', items: [{ productId: 'p-1', quantity: 1, price: 39000 }] };
  console.log(await bus.send(new PutEventsCommand({ Entries: [{ EventBusName: 'journeys', Source: 'shop.web',
    DetailType: 'order.placed', Detail: JSON.stringify(detail) }] })));"

Then: npm run why -- c-42      (Ctrl-C stops; state is kept in ${runtime.paths.dataDir})
`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: finishing queued work and closing the embedded DynamoDB…`);
  removeRuntimeFile(values['data-dir'], process.pid);
  await runtime.close();
  console.log('stopped cleanly.');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
