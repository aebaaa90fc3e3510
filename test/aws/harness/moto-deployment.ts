import { type AwsCredentials, DUMMY_CREDENTIALS, type HarnessClients, harnessClients } from './aws-clients.ts';
import type { SdkCall } from './call-counter.ts';
import type { DeployedStack } from './deployed-stack.ts';
import { FunctionHost, type Invocation, runtimeEnvironment, taskRootWithTemplates } from './function-host-process.ts';
import { type LambdaFunctionSpec, lambdaFunctions } from './lambda-functions.ts';
import { SqsEventSource } from './sqs-event-source.ts';

/** What handlers did while the queues were drained: invocations, failures and SDK calls, per function. */
export interface DrainReport {
  invocations: Record<string, number>;
  failedRecords: Record<string, number>;
  invocationErrors: string[];
  calls: Record<string, SdkCall[]>;
}

export interface DeployOptions {
  /** Credentials each function runs with (default: moto's dummy ones; the IAM suite passes its role's). */
  credentialsFor?: (spec: LambdaFunctionSpec) => AwsCredentials;
  /** Credentials of the event source mappings' SQS client (on AWS: the function's role too). */
  pollerCredentialsFor?: (spec: LambdaFunctionSpec) => AwsCredentials;
}

/**
 * The four functions of the template running against a stack provisioned in moto: one host process per function,
 * one event source mapping per queue-triggered function, and the sweeper's schedule on demand.
 */
export class MotoDeployment {
  readonly endpoint: string;
  readonly stack: DeployedStack;
  readonly functions: Record<string, LambdaFunctionSpec>;
  readonly hosts: Record<string, FunctionHost>;
  readonly sources: SqsEventSource[];
  readonly #pollerClients: HarnessClients[];

  private constructor(
    endpoint: string,
    stack: DeployedStack,
    hosts: Record<string, FunctionHost>,
    options: DeployOptions,
  ) {
    this.endpoint = endpoint;
    this.stack = stack;
    this.hosts = hosts;
    this.functions = Object.fromEntries(Object.entries(hosts).map(([name, host]) => [name, host.spec]));
    this.#pollerClients = [];
    this.sources = Object.values(hosts).flatMap((host) => {
      if (!host.spec.queue) return [];
      const clients = harnessClients(endpoint, options.pollerCredentialsFor?.(host.spec) ?? DUMMY_CREDENTIALS);
      this.#pollerClients.push(clients);
      return [new SqsEventSource(clients.sqs, host.spec.queue, host)];
    });
  }

  static async start(endpoint: string, stack: DeployedStack, options: DeployOptions = {}): Promise<MotoDeployment> {
    const taskRoot = taskRootWithTemplates();
    const specs = Object.values(lambdaFunctions(stack));
    const hosts = await Promise.all(
      specs.map((spec) =>
        FunctionHost.start(
          spec,
          runtimeEnvironment(spec, {
            endpoint,
            taskRoot,
            credentials: options.credentialsFor?.(spec) ?? DUMMY_CREDENTIALS,
          }),
        ),
      ),
    );
    return new MotoDeployment(
      endpoint,
      stack,
      Object.fromEntries(hosts.map((host) => [host.spec.name, host])),
      options,
    );
  }

  /**
   * Polls every queue-triggered function's queue until nothing is visible and nothing failed is waiting: failed
   * messages are released (their visibility timeout "passes") and retried until they succeed or SQS moves them to
   * the DLQ after maxReceiveCount receives.
   */
  async drain(maxRounds = 60): Promise<DrainReport> {
    const report: DrainReport = { invocations: {}, failedRecords: {}, invocationErrors: [], calls: {} };
    for (let round = 0; round < maxRounds; round += 1) {
      let received = 0;
      for (const source of this.sources) {
        const name = source.host.spec.name;
        const result = await source.pollOnce();
        received += result.received;
        if (result.received === 0) continue;
        report.invocations[name] = (report.invocations[name] ?? 0) + 1;
        report.failedRecords[name] = (report.failedRecords[name] ?? 0) + result.failed;
        report.calls[name] = [...(report.calls[name] ?? []), ...result.calls];
        if (result.invocationError) report.invocationErrors.push(`${name}: ${result.invocationError}`);
      }
      if (received > 0) continue;
      let released = 0;
      for (const source of this.sources) released += await source.releaseFailed();
      if (released === 0) return report;
    }
    throw new Error(`queues still busy after ${maxRounds} polling rounds: ${JSON.stringify(report.invocations)}`);
  }

  /** Invokes a scheduled function as EventBridge Scheduler does (its target Input, no retry: RetryPolicy 0). */
  async runSchedule(name: string): Promise<Invocation> {
    const host = this.hosts[name];
    if (!host?.spec.schedule) throw new Error(`${name} has no schedule in the template`);
    return host.invoke(host.spec.schedule.input);
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values(this.hosts).map((host) => host.stop()));
    for (const clients of this.#pollerClients) for (const client of Object.values(clients)) client.destroy();
  }
}
