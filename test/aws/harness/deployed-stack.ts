import { type CfnTemplate, logicalIdOf, STACK_NAME } from './template.ts';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

/** What CloudFormation would report for a created resource: its `Ref` value and its `Fn::GetAtt` attributes. */
export interface PhysicalResource {
  ref: string;
  attributes: Record<string, string>;
}

const NO_VALUE = Symbol('AWS::NoValue');

/**
 * The template plus the physical ids of what the harness created for it, resolving `Ref`, `Fn::GetAtt`, `Fn::Join`,
 * `Fn::Sub`, `Fn::Select`, `Fn::Split` and the pseudo parameters the way CloudFormation does. A reference to a
 * resource that was not created throws, so nothing silently resolves to a made-up value.
 */
export class DeployedStack {
  readonly template: CfnTemplate;
  readonly physical = new Map<string, PhysicalResource>();
  readonly pseudo: Record<string, string> = {
    'AWS::AccountId': ACCOUNT,
    'AWS::Region': REGION,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': STACK_NAME,
    'AWS::StackId': `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${STACK_NAME}/moto`,
  };

  constructor(template: CfnTemplate) {
    this.template = template;
  }

  register(logicalId: string, ref: string, attributes: Record<string, string> = {}): PhysicalResource {
    const resource = { ref, attributes };
    this.physical.set(logicalId, resource);
    return resource;
  }

  ref(logicalId: string): string {
    if (logicalId in this.pseudo) return this.pseudo[logicalId] as string;
    const resource = this.physical.get(logicalId);
    if (!resource) throw new Error(`Ref to ${logicalId}, which the harness did not create`);
    return resource.ref;
  }

  attribute(logicalId: string, name: string): string {
    const value = this.physical.get(logicalId)?.attributes[name];
    if (value === undefined) throw new Error(`Fn::GetAtt ${logicalId}.${name}: not known to the harness`);
    return value;
  }

  /** `Ref` of the one resource whose logical id is `<prefix><8 hex digits>`, e.g. `QueuesRejectedEvents`. */
  refOf(prefix: string): string {
    return this.ref(logicalIdOf(this.template, prefix));
  }

  attributeOf(prefix: string, name: string): string {
    return this.attribute(logicalIdOf(this.template, prefix), name);
  }

  resolve<T = unknown>(value: unknown): T {
    const resolved = this.#resolve(value);
    return (resolved === NO_VALUE ? undefined : resolved) as T;
  }

  resolveString(value: unknown): string {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'string' && typeof resolved !== 'number') {
      throw new Error(`expected a string, got ${JSON.stringify(resolved)}`);
    }
    return String(resolved);
  }

  #resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.#resolve(item)).filter((item) => item !== NO_VALUE);
    if (!value || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const [first] = entries;
    if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
      return this.#intrinsic(first[0], first[1]);
    }
    const result: Record<string, unknown> = {};
    for (const [key, inner] of entries) {
      const resolved = this.#resolve(inner);
      if (resolved !== NO_VALUE) result[key] = resolved;
    }
    return result;
  }

  #intrinsic(name: string, argument: unknown): unknown {
    const args = argument as unknown[];
    switch (name) {
      case 'Ref':
        return argument === 'AWS::NoValue' ? NO_VALUE : this.ref(String(argument));
      case 'Fn::GetAtt':
        return this.attribute(String(args[0]), String(args[1]));
      case 'Fn::Join':
        return (this.#resolve(args[1]) as unknown[]).join(String(args[0]));
      case 'Fn::Select':
        return (this.#resolve(args[1]) as unknown[])[Number(this.#resolve(args[0]))];
      case 'Fn::Split':
        return String(this.#resolve(args[1])).split(String(args[0]));
      case 'Fn::Sub':
        return this.#sub(argument);
      default:
        throw new Error(`${name} is not supported by the harness's template resolver`);
    }
  }

  #sub(argument: unknown): string {
    const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
    const values = this.#resolve(variables) as Record<string, unknown>;
    return String(text).replace(/\$\{([^}]+)\}/g, (_match, expression: string) => {
      if (expression.startsWith('!')) return `\${${expression.slice(1)}}`;
      if (expression in values) return String(values[expression]);
      const [id, attribute] = expression.split('.', 2) as [string, string | undefined];
      return attribute ? this.attribute(id, attribute) : this.ref(id);
    });
  }
}
