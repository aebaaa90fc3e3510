import { InvalidEventPatternError } from '../errors.ts';

/** Path of a field below `path`, written the way the pattern nests it: `detail.state`. */
export function fieldPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Path of an array entry below `path`: `detail.state[0]`. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

export function invalidPattern(path: string, reason: string): never {
  throw new InvalidEventPatternError({ path, reason });
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
