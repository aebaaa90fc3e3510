import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ENV, type EnvironmentKey } from '../../core/contracts/environment.ts';
import { METRICS_NAMESPACE } from '../../core/contracts/metrics.ts';
import { acknowledge } from './nag.ts';

/** Lambda entry points, each `functions/<name>.ts` exporting `handler`. */
export type FunctionName = 'ingest' | 'sweeper' | 'deliver' | 'privacy' | 'unsubscribe';

/** Timeout of each function; the queue each one consumes derives its visibility timeout from it. */
export const FUNCTION_TIMEOUTS: Record<FunctionName, Duration> = {
  ingest: Duration.seconds(30),
  sweeper: Duration.seconds(60),
  deliver: Duration.seconds(30),
  privacy: Duration.seconds(120),
  unsubscribe: Duration.seconds(10),
};

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * How every function is bundled by local esbuild (decision 0007): one ESM file per function with its dependencies,
 * the AWS SDK v3 included, minified for Node 22. The one definition the construct applies and `bench/bundles.ts`
 * measures.
 */
export const JOURNEY_BUNDLING: nodejs.BundlingOptions = {
  format: nodejs.OutputFormat.ESM,
  target: 'node22',
  // ES module builds of dependencies first: they tree-shake, the CommonJS ones do not.
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  minify: true,
  // The AWS SDK at the lockfile's versions, not the runtime's: bundled it imports faster than loaded from the
  // runtime's node_modules, and runs the versions the tests ran.
  externalModules: [],
  // A source map beside the bundle for decoding a stack trace offline: positions and names only, never loaded at
  // run time (no --enable-source-maps: parsing it at import slowed every cold start).
  sourceMap: true,
  sourcesContent: false,
  // Non-ASCII text as UTF-8 rather than \u escapes: smaller, same import time.
  esbuildArgs: { '--charset': 'utf8' },
};

export interface JourneyFunctionProps
  extends Omit<nodejs.NodejsFunctionProps, 'entry' | 'handler' | 'environment' | 'logGroup' | 'runtime'> {
  readonly name: FunctionName;
  /**
   * Days the function's log group keeps logs.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /** Variables of the function contract (`core/contracts/environment.ts`) this function needs, and only those. */
  readonly environment?: Partial<Record<EnvironmentKey, string>>;
}

/**
 * `NodejsFunction` with the project's defaults set once: Node 22 on arm64, X-Ray tracing, its own log group, the
 * bundling of `JOURNEY_BUNDLING`, and the Powertools settings.
 */
export class JourneyFunction extends nodejs.NodejsFunction {
  /** `POWERTOOLS_SERVICE_NAME`: the function name, as `functions/aws/powertools.ts` names the `service` dimension. */
  public readonly serviceName: string;
  /** The bundling options this function was built with: `JOURNEY_BUNDLING` and the overrides of its props. */
  public readonly bundlingOptions: nodejs.BundlingOptions;

  constructor(scope: Construct, id: string, props: JourneyFunctionProps) {
    const { name, logRetention, environment, bundling, ...rest } = props;
    const serviceName = name;
    const bundlingOptions: nodejs.BundlingOptions = { ...JOURNEY_BUNDLING, ...bundling };
    super(scope, id, {
      entry: join(projectRoot, 'functions', `${name}.ts`),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: join(projectRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: FUNCTION_TIMEOUTS[name],
      tracing: lambda.Tracing.ACTIVE,
      logGroup: new logs.LogGroup(scope, `${id}LogGroup`, {
        retention: logRetention ?? logs.RetentionDays.THREE_MONTHS,
      }),
      ...rest,
      environment: {
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        ...environmentVariables(environment ?? {}),
      },
      bundling: bundlingOptions,
    });
    this.serviceName = serviceName;
    this.bundlingOptions = bundlingOptions;

    acknowledge(
      this,
      'AWSLambdaBasicExecutionRole only allows writing the function logs; the function logs to its own log group.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    );
    acknowledge(
      this,
      'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which have no resource-level ' +
        'permissions; the template tests check that X-Ray is the only statement on Resource "*".',
      'AwsSolutions-IAM5[Resource::*]',
    );
    acknowledge(
      this,
      'Pinned to nodejs22.x on purpose: the project, its tests and its bundling target are Node 22 (TOOLCHAIN.md); ' +
        'moving to a newer runtime is a deliberate upgrade, not a drift.',
      'AwsSolutions-L1',
    );
  }
}

/** Contract keys to variable names; unset values are left out. */
function environmentVariables(environment: Partial<Record<EnvironmentKey, string>>): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment)) {
    if (value !== undefined) variables[ENV[key as EnvironmentKey]] = value;
  }
  return variables;
}
