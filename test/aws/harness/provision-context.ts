import { randomBytes } from 'node:crypto';
import type { HarnessClients } from './aws-clients.ts';
import type { DeployedStack, PhysicalResource } from './deployed-stack.ts';

export interface ProvisionContext {
  endpoint: string;
  stack: DeployedStack;
  clients: HarnessClients;
  /** Steps to run once every resource exists. */
  afterAll: Array<() => Promise<void>>;
  /** Every place where what moto got differs from the template, in words (reported by provisionStack). */
  workarounds: string[];
}

/** Creates one resource through its service API from its resolved properties; returns its Ref and attributes. */
export type ResourceCreator = (
  logicalId: string,
  properties: Record<string, unknown>,
  context: ProvisionContext,
) => Promise<PhysicalResource>;

/**
 * A name as CloudFormation generates one for a resource without an explicit name: stack name, logical id and a
 * random suffix, cut to the service's limit.
 */
export function generatedName(
  context: ProvisionContext,
  logicalId: string,
  options: { maxLength: number; lowerCase?: boolean; withStackName?: boolean },
): string {
  const suffix = randomBytes(8).toString('hex').slice(0, 12).toUpperCase();
  const stack = options.withStackName === false ? '' : `${context.stack.pseudo['AWS::StackName']}-`;
  const head = `${stack}${logicalId}`.slice(0, options.maxLength - suffix.length - 1);
  const name = `${head}-${suffix}`;
  return options.lowerCase ? name.toLowerCase() : name;
}

/** Properties a creator reads, typed loosely: the template decides what is there. */
export const str = (value: unknown): string | undefined => (value === undefined ? undefined : String(value));
export const json = (value: unknown): string | undefined => (value === undefined ? undefined : JSON.stringify(value));
