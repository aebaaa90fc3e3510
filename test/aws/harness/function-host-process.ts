import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AwsCredentials } from './aws-clients.ts';
import type { SdkCall } from './call-counter.ts';
import { REGION } from './deployed-stack.ts';
import type { HostError, HostReply, HostRequest } from './function-host-protocol.ts';
import { type LambdaFunctionSpec, PROJECT_ROOT } from './lambda-functions.ts';

export interface Invocation {
  ok: boolean;
  result?: unknown;
  error?: HostError;
  calls: SdkCall[];
}

const HOST = fileURLToPath(new URL('./function-host.ts', import.meta.url));

/**
 * What the Lambda runtime adds to a function's own variables, and what running outside Lambda needs: the role's
 * credentials, region, the function's name and memory, a task root holding `templates/` as the bundle does
 * (infra/'s afterBundling hook copies journeys/templates there), moto's endpoint, no ~/.aws files, Powertools
 * tracing and metrics off (no X-Ray daemon, no CloudWatch agent).
 */
export function runtimeEnvironment(
  spec: LambdaFunctionSpec,
  options: { endpoint: string; credentials: AwsCredentials; taskRoot: string },
): Record<string, string> {
  const { credentials } = options;
  return {
    ...spec.environment,
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_LAMBDA_FUNCTION_NAME: spec.physicalName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    FUNCTION_ARN: spec.arn,
    LAMBDA_TASK_ROOT: options.taskRoot,
    TZ: ':UTC',
    AWS_ENDPOINT_URL: options.endpoint,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}

/** A directory laid out like the function's bundle: `templates/` beside the code. */
export function taskRootWithTemplates(): string {
  const root = mkdtempSync(join(tmpdir(), 'journeys-task-root-'));
  mkdirSync(root, { recursive: true });
  symlinkSync(join(PROJECT_ROOT, 'journeys', 'templates'), join(root, 'templates'));
  return root;
}

/** A function's execution environment: a child process with exactly its environment (see function-host.ts). */
export class FunctionHost {
  readonly spec: LambdaFunctionSpec;
  /** Everything the function wrote to stdout and stderr (Powertools JSON logs, warnings). */
  readonly logs: string[] = [];
  /** SDK calls made while importing the entry file (cold start), before the first invocation. */
  readonly coldStartCalls: SdkCall[] = [];
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, (reply: Extract<HostReply, { type: 'result' }>) => void>();
  #nextId = 1;

  private constructor(spec: LambdaFunctionSpec, child: ChildProcess) {
    this.spec = spec;
    this.#child = child;
    const collect = (chunk: Buffer) => this.logs.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('message', (reply: HostReply) => {
      if (reply.type !== 'result') return;
      this.#pending.get(reply.id)?.(reply);
      this.#pending.delete(reply.id);
    });
  }

  static async start(spec: LambdaFunctionSpec, env: Record<string, string>): Promise<FunctionHost> {
    const child = fork(HOST, [spec.entry], {
      env,
      cwd: PROJECT_ROOT,
      execArgv: ['--disable-warning=ExperimentalWarning'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const host = new FunctionHost(spec, child);
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`${spec.name} host exited (${code}): ${host.logs.join('\n')}`)));
      child.on('message', (reply: HostReply) => {
        if (reply.type === 'ready') {
          host.coldStartCalls.push(...reply.calls);
          resolve();
        } else if (reply.type === 'init-error') {
          reject(new Error(`${spec.name} failed to load: ${reply.error.stack}`));
        }
      });
    });
    return host;
  }

  /** Invokes the handler at virtual time `now` (default: the test's `Date.now()`, fake or not). */
  async invoke(event: unknown, now = Date.now()): Promise<Invocation> {
    const id = this.#nextId++;
    const request: HostRequest = { id, event, now, timeoutMs: this.spec.timeoutMs };
    const reply = await new Promise<Extract<HostReply, { type: 'result' }>>((resolve, reject) => {
      this.#pending.set(id, resolve);
      this.#child.send(request, (error) => error && reject(error));
    });
    return reply.ok
      ? { ok: true, result: reply.result, calls: reply.calls }
      : { ok: false, error: reply.error, calls: reply.calls };
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.kill('SIGTERM');
    await exited;
  }
}
