import type { DetailType } from '../../core/events/schemas.ts';
import { mapActivities } from './activities.ts';
import { EventMap, factFields } from './events.ts';
import type { ImportedJourney, ReportEntry } from './model.ts';
import { parsePinpointJourney } from './parse-journey.ts';
import { mapSettings } from './settings.ts';

export interface ImportOptions {
  /** Journey id (kebab-case); default from the Pinpoint name. */
  id?: string;
  /** Pinpoint event type → our detail-type, beyond our own names and `_monetization.purchase`. */
  events?: Readonly<Record<string, string>>;
  /** Enter on this detail-type whatever the start condition says (segment-entry journeys need it). */
  trigger?: DetailType;
  /** Category of email and push messages (Pinpoint has none): promotional unless told. */
  category?: 'promotional' | 'transactional';
}

const kebabId = (name: string) =>
  name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(?=\d)/, 'j-') || 'imported';

/** Reads a Pinpoint journey (text of the JSON file) into the model the journey file and report are written from. */
export function importPinpointJourney(text: string, sourceFile: string, options: ImportOptions = {}): ImportedJourney {
  const journey = parsePinpointJourney(text, sourceFile);
  const events = new EventMap(options.events);
  const report: ReportEntry[] = [];
  const settings = mapSettings(journey, events, report, options.trigger);
  const facts = [...new Set(settings.triggers.flatMap(factFields))];
  const graph = mapActivities({
    journey,
    events,
    facts,
    triggers: settings.triggers,
    report,
    category: options.category ?? 'promotional',
  });
  const id = options.id ?? kebabId(journey.Name);
  report.unshift(
    { path: 'Name', status: 'mapped', to: 'id, goal', note: `journey id ${id}` },
    { path: 'StartActivity', status: 'mapped', to: 'initial', note: `state ${graph.initial}` },
  );
  const eventTypes = [...new Set([...settings.triggers, ...graph.conditions.flatMap((condition) => condition.types)])];
  return {
    id,
    name: journey.Name,
    ...(journey.StartCondition?.Description ? { description: journey.StartCondition.Description } : {}),
    sourceFile,
    triggers: settings.triggers,
    eventTypes,
    facts,
    ...graph,
    caps: settings.caps,
    entry: settings.entry,
    pending: settings.pending,
    report,
  };
}
