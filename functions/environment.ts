import { type EnvironmentKey, readEnvironment } from '../core/contracts/environment.ts';

/**
 * The only place the functions read `process.env`: the contract's variables (core/contracts/environment.ts), the
 * Lambda task root, and nothing else.
 */
export function functionEnvironment<R extends EnvironmentKey, O extends EnvironmentKey = never>(
  required: readonly R[],
  optional: readonly O[] = [],
) {
  return readEnvironment(process.env, required, optional);
}

/** Where Lambda unpacked the bundle (templates are copied beside it). */
export function lambdaTaskRoot(): string {
  return process.env.LAMBDA_TASK_ROOT ?? '.';
}
