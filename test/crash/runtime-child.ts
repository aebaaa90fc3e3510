/**
 * The local runtime in a child process, for crash tests: `node runtime-child.ts <data-dir>`; prints
 * `ready <endpoint>` once it serves, answers the IPC message `drain` with `drained` once every queue is empty.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeLocalKeys } from '../../adapters/crypto/local-keys.ts';
import { ConsoleTelemetry } from '../../cli/local/console-telemetry.ts';
import { startLocalRuntime } from '../../cli/local/runtime.ts';

const dataDir = process.argv[2] as string;
if (!existsSync(join(dataDir, 'keyring.json'))) {
  await writeLocalKeys(join(dataDir, 'keyring.json'), {
    contactKey: Buffer.alloc(32, 1),
    pseudonymKey: Buffer.alloc(32, 2),
  });
}
const runtime = await startLocalRuntime({
  dataDir,
  port: 0,
  sweepIntervalMs: 200,
  retryDelayMs: () => 20,
  telemetry: new ConsoleTelemetry(() => {}, { quiet: true }),
});
process.on('message', async (message) => {
  if (message === 'drain') {
    await runtime.drain();
    await runtime.tick();
    process.send?.('drained');
  }
});
process.send?.(`ready ${runtime.endpoint}`);
