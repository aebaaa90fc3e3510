import { UsageError } from './cli-errors.ts';

/** One journey version as operators write it: `cart@2`. */
export interface VersionRef {
  journeyId: string;
  version: number;
}

const VERSION_REF = /^([a-z][a-z0-9-]*)@([1-9][0-9]*)$/;

/** `cart@2` → { journeyId, version }, or undefined when the text is not a journey version. */
export function versionRefOf(text: string): VersionRef | undefined {
  const match = VERSION_REF.exec(text.trim());
  return match ? { journeyId: match[1] as string, version: Number(match[2]) } : undefined;
}

/** Reads `<journey>@<version>`; throws `UsageError` naming the option or command. */
export function parseVersionRef(text: string, option: string): VersionRef {
  const ref = versionRefOf(text);
  if (!ref) throw new UsageError(`${option} takes a journey version like cart@2, got "${text}"`);
  return ref;
}
