import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DETAIL_TYPES, type DetailType } from '../../core/events/schemas.ts';
import { CliError, UsageError } from '../cli-errors.ts';
import { importPinpointJourney } from './import-journey.ts';
import { renderJourney } from './render-journey.ts';
import { renderReport } from './render-report.ts';
import { renderTemplateStubs } from './render-templates.ts';

export const USAGE = `npm run import:pinpoint -- <journey.json> [options]

Reads a Pinpoint WriteJourneyRequest (or \`aws pinpoint get-journey\` output) and writes a journey file, template
stubs and an import report (<out>.import-report.md, also printed).

  --out <file>         journey file to write (default journeys/<id>.ts)
  --templates <dir>    where template stubs go (default journeys/templates; existing templates are kept)
  --id <id>            journey id (default: from the Pinpoint name, kebab-case)
  --event <Name=type>  map a Pinpoint event type to a detail-type (repeatable), e.g. --event AddToCart=cart.item_added
  --trigger <type>     enter on this detail-type (needed for segment-entry journeys)
  --transactional      email and push messages are transactional (default promotional)
  --force              overwrite an existing journey file`;

const REPO = resolve(import.meta.dirname, '..', '..');

/** Formats the written journey file as the project does (biome), when it lies where biome formats; best effort. */
function formatJourneyFile(file: string): boolean {
  try {
    const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
    execFileSync(process.execPath, [biome, 'check', '--write', '--no-errors-on-unmatched', file], {
      cwd: REPO,
      stdio: 'pipe',
    });
    return true;
  } catch {
    return false;
  }
}

export interface ImportIo {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
}

function eventMappings(values: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const value of values) {
    const at = value.lastIndexOf('=');
    if (at <= 0) throw new UsageError(`--event ${value}: expected <PinpointEvent>=<detail-type>`);
    map[value.slice(0, at)] = value.slice(at + 1);
  }
  return map;
}

/** `npm run import:pinpoint`: returns the exit code. */
export function runImport(argv: readonly string[], io: ImportIo): number {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        templates: { type: 'string' },
        id: { type: 'string' },
        event: { type: 'string', multiple: true },
        trigger: { type: 'string' },
        transactional: { type: 'boolean' },
        force: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const [file, extra] = positionals;
    if (!file || extra) throw new UsageError(`expected one journey file\n\n${USAGE}`);
    if (values.id !== undefined && !/^[a-z][a-z0-9-]*$/.test(values.id))
      throw new UsageError(`--id ${values.id}: must be kebab-case`);
    if (values.trigger !== undefined && !(DETAIL_TYPES as string[]).includes(values.trigger)) {
      throw new UsageError(`--trigger ${values.trigger}: not a detail-type (${DETAIL_TYPES.join(', ')})`);
    }
    const source = resolve(io.cwd, file);
    if (!existsSync(source)) throw new UsageError(`${file}: no such file`);
    const journey = importPinpointJourney(readFileSync(source, 'utf8'), relative(REPO, source), {
      ...(values.id ? { id: values.id } : {}),
      events: eventMappings(values.event ?? []),
      ...(values.trigger ? { trigger: values.trigger as DetailType } : {}),
      category: values.transactional ? 'transactional' : 'promotional',
    });
    const out = resolve(io.cwd, values.out ?? join(REPO, 'journeys', `${journey.id}.ts`));
    if (existsSync(out) && !values.force)
      throw new UsageError(`${relative(io.cwd, out)} exists: pass --force to overwrite it`);
    const corePath = relative(dirname(out), join(REPO, 'core')).replaceAll('\\', '/');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, renderJourney(journey, corePath.startsWith('.') ? corePath : `./${corePath}`));
    const formatted = formatJourneyFile(out);
    const templatesDir = resolve(io.cwd, values.templates ?? join(REPO, 'journeys', 'templates'));
    const written: string[] = [];
    for (const [path, text] of renderTemplateStubs(journey.messages)) {
      const target = join(templatesDir, path);
      if (existsSync(target)) continue;
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
      written.push(relative(io.cwd, target));
    }
    const reportFile = `${out.replace(/\.ts$/, '')}.import-report.md`;
    const report = renderReport(journey, relative(REPO, out));
    writeFileSync(reportFile, report);
    io.out(report);
    if (!formatted)
      io.out(`${relative(io.cwd, out)} was not formatted: run npm run format if it lives in the project.`);
    io.out(
      `Wrote ${relative(io.cwd, out)}, ${relative(io.cwd, reportFile)}${written.length > 0 ? ` and template stubs ${written.join(', ')}` : ''}.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
