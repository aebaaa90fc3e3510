/**
 * One Lambda execution environment as a child process (started by `FunctionHost.start`): its environment is exactly
 * the function's (template variables resolved, plus what the Lambda runtime provides), it imports the function's
 * entry file once (a cold start) and then serves invocations over IPC, like a warm container.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { installCallCounter, takeCalls } from './call-counter.ts';
import type { HostReply, HostRequest } from './function-host-protocol.ts';
import { installVirtualClock, realNow, setVirtualNow } from './virtual-clock.ts';

installVirtualClock();
installCallCounter();

const [entry] = process.argv.slice(2);
if (!entry) throw new Error('usage: function-host.ts <entry file>');
const send = (reply: HostReply) => process.send?.(reply);

type Handler = (event: unknown, context: unknown) => Promise<unknown>;
let handler: Handler;
try {
  ({ handler } = (await import(pathToFileURL(entry).href)) as { handler: Handler });
} catch (error) {
  send({ type: 'init-error', error: describe(error) });
  process.exit(1);
}

/** One line per error: name, HTTP status and the start of an unparsed answer (moto denies JSON APIs in XML). */
function oneLine(error: unknown): string {
  const { name, message } = error as Error;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const body = (error as { $responseBodyText?: string }).$responseBodyText;
  return `${name}${status ? ` (HTTP ${status})` : ''}: ${message.split('\n')[0]}${body ? ` [${body.slice(0, 240)}]` : ''}`;
}

/** An error as one serializable record; nested errors (a batch's record errors, causes) become its `details`. */
function describe(error: unknown) {
  const { name, message, stack } = error as Error;
  const details: string[] = [];
  const visit = (inner: unknown, depth: number) => {
    if (!inner || depth > 3) return;
    details.push(oneLine(inner));
    visit((inner as Error).cause, depth + 1);
  };
  for (const inner of (error as { recordErrors?: unknown[] }).recordErrors ?? []) visit(inner, 0);
  visit((error as Error).cause, 0);
  return { name, message, stack: stack ?? '', details };
}

function lambdaContext(timeoutMs: number) {
  const deadline = realNow() + timeoutMs;
  const name = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'function';
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    invokedFunctionArn: process.env.FUNCTION_ARN ?? name,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `moto/${process.pid}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - realNow()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

process.on('message', async (request: HostRequest) => {
  setVirtualNow(request.now);
  try {
    const result = await handler(request.event, lambdaContext(request.timeoutMs));
    send({ type: 'result', id: request.id, ok: true, result, calls: takeCalls() });
  } catch (error) {
    send({ type: 'result', id: request.id, ok: false, error: describe(error), calls: takeCalls() });
  }
});
// The test process is gone (finished or killed): so is this execution environment.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', calls: takeCalls() });
