export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown }>;
  Parameters?: Record<string, unknown>;
}

/** Stack name of the synthesized stage (`JourneyOrchestrator-<stage>`), also the prefix of generated names. */
export const STACK_NAME = 'JourneyOrchestrator-moto';

/** Logical ids as CDK writes them: the construct path in PascalCase plus an 8-hex-digit hash. */
export function logicalIdOf(template: CfnTemplate, prefix: string, type?: string): string {
  const matches = Object.entries(template.Resources)
    .filter(([id, resource]) => new RegExp(`^${prefix}[0-9A-F]{8}$`).test(id) && (!type || resource.Type === type))
    .map(([id]) => id);
  if (matches.length !== 1) {
    throw new Error(`expected one resource ${prefix}<hash>${type ? ` of type ${type}` : ''}, found ${matches.length}`);
  }
  return matches[0] as string;
}

export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

export function propertiesOf(template: CfnTemplate, logicalId: string): Record<string, unknown> {
  const resource = template.Resources[logicalId];
  if (!resource) throw new Error(`no resource ${logicalId} in the template`);
  return resource.Properties ?? {};
}

/** Logical ids a value refers to through Ref / Fn::GetAtt / Fn::Sub (pseudo parameters excluded). */
export function referencesIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencesIn(item, found);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string' && !inner.startsWith('AWS::')) found.add(inner);
      else if (key === 'Fn::GetAtt' && Array.isArray(inner)) found.add(String(inner[0]));
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? String(inner[0]) : String(inner);
        for (const [, name] of text.matchAll(/\$\{([^}!.]+)[^}]*\}/g)) if (!name?.startsWith('AWS::')) found.add(name!);
        if (Array.isArray(inner)) referencesIn(inner[1], found);
      } else referencesIn(inner, found);
    }
  }
  return found;
}

/** Every resource after the resources it refers to or depends on (a topological order of the template). */
export function creationOrder(template: CfnTemplate): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`circular reference through ${id}`);
    state.set(id, 'visiting');
    const resource = template.Resources[id];
    if (!resource) throw new Error(`reference to unknown resource ${id}`);
    const dependsOn = resource.DependsOn ? [resource.DependsOn].flat() : [];
    for (const dependency of [...referencesIn(resource.Properties), ...dependsOn]) visit(dependency);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of Object.keys(template.Resources)) visit(id);
  return order;
}
