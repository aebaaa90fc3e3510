import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface Violation {
  file: string;
  problem: string;
}

interface LayerRule {
  /** May import packages matching these. */
  packages: RegExp[];
  /** May import project files under these top-level folders. */
  folders: string[];
  /**
   * Files in a subfolder (a family, e.g. adapters/dynamodb) may import from their own family and from files directly
   * in the layer's folder (shared helpers), never from another family.
   */
  familiesApart?: boolean;
  /** Source patterns that must not appear. */
  forbidden?: Array<{ pattern: RegExp; why: string }>;
}

const anyPackage = /.*/;
export const LAYER_RULES: Record<string, LayerRule> = {
  core: {
    packages: [/^xstate$/, /^zod$/],
    folders: ['core'],
    forbidden: [
      { pattern: /process\.env/, why: 'reads process.env' },
      { pattern: /Date\.now\(/, why: 'reads the wall clock (Date.now)' },
      { pattern: /new Date\(\s*\)/, why: 'reads the wall clock (new Date())' },
      { pattern: /performance\.now\(/, why: 'reads the wall clock (performance.now)' },
      { pattern: /Math\.random\(/, why: 'is not deterministic (Math.random)' },
    ],
  },
  journeys: { packages: [/^xstate$/], folders: ['core', 'journeys'] },
  adapters: { packages: [anyPackage], folders: ['core', 'adapters'], familiesApart: true },
  functions: { packages: [anyPackage], folders: ['core', 'journeys', 'adapters', 'functions'] },
  cli: { packages: [anyPackage], folders: ['core', 'journeys', 'adapters', 'cli'] },
  bench: { packages: [anyPackage], folders: ['core', 'journeys', 'adapters', 'cli', 'bench', 'scripts', 'infra'] },
  infra: {
    packages: [/^aws-cdk-lib(\/|$)/, /^constructs$/, /^cdk-nag$/, /^node:/],
    folders: ['infra', 'journeys', 'core'],
  },
};

const importPattern = /(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(importPattern)) found.push((match[1] ?? match[2]) as string);
  return found;
}

/** Checks one source file of a layer; `file` is relative to the project root. */
export function checkSource(root: string, file: string, source: string): Violation[] {
  const layer = file.split('/')[0] as string;
  const rule = LAYER_RULES[layer];
  if (!rule) return [];
  const violations: Violation[] = [];
  for (const specifier of importsOf(source)) {
    if (specifier.startsWith('.')) {
      const target = relative(root, resolve(root, dirname(file), specifier));
      const folder = target.split('/')[0] as string;
      if (!rule.folders.includes(folder)) violations.push({ file, problem: `imports ${target} (${folder}/)` });
      else if (rule.familiesApart && folder === layer) {
        const [, ownFamily] = file.split('/');
        const parts = target.split('/');
        const family = parts.length > 2 ? parts[1] : undefined;
        if (family !== undefined && family !== ownFamily && file.split('/').length > 2) {
          violations.push({ file, problem: `imports ${target} (another adapter family: ${family})` });
        }
      }
    } else if (!rule.packages.some((allowed) => allowed.test(specifier))) {
      violations.push({ file, problem: `imports package ${specifier}` });
    }
  }
  for (const { pattern, why } of rule.forbidden ?? []) {
    if (pattern.test(source)) violations.push({ file, problem: why });
  }
  return violations;
}

function* tsFiles(directory: string): Generator<string> {
  if (!existsSync(directory)) return;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* tsFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

export function checkProject(root: string): Violation[] {
  return Object.keys(LAYER_RULES).flatMap((layer) =>
    [...tsFiles(join(root, layer))].flatMap((path) =>
      checkSource(root, relative(root, path), readFileSync(path, 'utf8')),
    ),
  );
}
