import type { DetailType } from '../../core/events/schemas.ts';
import { days, hours } from '../../core/time.ts';
import { UsageError } from '../cli-errors.ts';
import { dimensionsToPattern, type EventMap, isoDuration } from './events.ts';
import type { ImportedJourney, ReportEntry } from './model.ts';
import { KNOWN_JOURNEY_FIELDS, type PinpointJourney } from './pinpoint-schema.ts';
import { mapSendWindows } from './send-windows.ts';

type Settings = Pick<ImportedJourney, 'triggers' | 'caps' | 'entry' | 'pending'>;

/** Journey-level settings: start condition, limits, quiet time, open hours, closed days, schedule and state. */
export function mapSettings(
  journey: PinpointJourney,
  events: EventMap,
  report: ReportEntry[],
  trigger?: DetailType,
): Settings {
  const settings: Settings = { triggers: [], caps: [], entry: {}, pending: {} };
  const add = (entry: ReportEntry) => report.push(entry);
  mapStart(journey, events, settings, add, trigger);
  mapLimits(journey, settings, add);
  mapSendWindows(journey, settings.pending, add);
  mapLifecycle(journey, settings, add);
  for (const [path, value] of nestedSettings(journey)) {
    for (const field of Object.keys(value ?? {})) {
      if (!(KNOWN_NESTED_FIELDS[path] ?? []).includes(field))
        add({ path: `${path}.${field}`, status: 'unsupported', note: 'unknown to this importer' });
    }
  }
  for (const field of ['RefreshFrequency', 'RefreshOnSegmentUpdate'] as const) {
    if (journey[field] !== undefined)
      add({
        path: field,
        status: 'unsupported',
        note: 'segments are not re-read on a schedule: entry happens on events',
      });
  }
  if (journey.TimezoneEstimationMethods)
    add({
      path: 'TimezoneEstimationMethods',
      status: 'approximated',
      to: 'policy',
      note: "the time zone comes from the profile, else the house policy's default for the country",
    });
  if (journey.JourneyChannelSettings)
    add({
      path: 'JourneyChannelSettings',
      status: 'unsupported',
      note: 'Amazon Connect outbound campaigns have no counterpart',
    });
  for (const field of ['Id', 'ApplicationId', 'CreationDate', 'LastModifiedDate', 'tags'] as const) {
    if ((journey as Record<string, unknown>)[field] !== undefined)
      add({ path: field, status: 'ignored', note: 'Pinpoint bookkeeping' });
  }
  for (const field of Object.keys(journey)) {
    if (!KNOWN_JOURNEY_FIELDS.has(field)) add({ path: field, status: 'unsupported', note: 'unknown to this importer' });
  }
  return settings;
}

function mapStart(
  journey: PinpointJourney,
  events: EventMap,
  settings: Settings,
  add: (e: ReportEntry) => void,
  trigger?: DetailType,
) {
  const start = journey.StartCondition;
  if (start?.SegmentStartCondition) {
    add({
      path: 'StartCondition.SegmentStartCondition',
      status: 'unsupported',
      note: 'journeys enter on events, not on a segment export; pass --trigger <detail-type> and write the segment as entry.segment (issue 16 item 2)',
    });
  }
  if (start?.Description)
    add({ path: 'StartCondition.Description', status: 'mapped', to: 'file comment', note: start.Description });
  const event = start?.EventStartCondition;
  if (event?.SegmentId) {
    add({
      path: 'StartCondition.EventStartCondition.SegmentId',
      status: 'unsupported',
      note: 'Pinpoint segments live in Pinpoint; rewrite the segment as a pattern over customer facts (entry.segment, issue 16 item 2)',
    });
  }
  const dimensions = event?.EventFilter?.Dimensions;
  const path = 'StartCondition.EventStartCondition.EventFilter.Dimensions';
  if (trigger) {
    settings.triggers = [trigger];
    add({ path: 'StartCondition', status: 'mapped', to: `entry.triggers`, note: `--trigger ${trigger}` });
  } else if (dimensions?.EventType) {
    if (dimensions.EventType.DimensionType === 'EXCLUSIVE')
      throw new UsageError(
        `${path}.EventType: entry on "any event but ${dimensions.EventType.Values.join(', ')}" cannot be imported; pass --trigger <detail-type>`,
      );
    for (const value of dimensions.EventType.Values) {
      const type = events.typeOf(value);
      if (!type)
        throw new UsageError(
          `${path}.EventType: Pinpoint event "${value}" has no detail-type: pass --event ${value}=<detail-type>`,
        );
      if (!settings.triggers.includes(type)) settings.triggers.push(type);
      add({ path: `${path}.EventType`, status: 'mapped', to: 'entry.triggers', note: `${value} → ${type}` });
    }
  } else {
    throw new UsageError('StartCondition: the journey has no event to enter on; pass --trigger <detail-type>');
  }
  if (dimensions && settings.triggers.length > 0) {
    const { pattern, dropped } = dimensionsToPattern(dimensions, settings.triggers, path);
    for (const item of dropped) add({ ...item, status: 'unsupported' });
    if (pattern) {
      settings.pending.entryFilter = pattern;
      add({
        path: `${path}.Attributes/Metrics`,
        status: 'pending',
        to: 'pending.entryFilter',
        note: `EventBridge pattern ${JSON.stringify(pattern)}; needs issue 16 item 1 (entry.filter) — until then every trigger enters`,
      });
    }
  }
  if (event?.EventFilter?.FilterType)
    add({
      path: 'StartCondition.EventStartCondition.EventFilter.FilterType',
      status: 'ignored',
      note: 'every event is a customer event here',
    });
}

function mapLimits(journey: PinpointJourney, settings: Settings, add: (e: ReportEntry) => void) {
  const limits = journey.Limits;
  if (!limits) return;
  const cap = (max: number, window: number, source: string) => {
    settings.caps.push({ max, window, source });
    return `caps[${settings.caps.length - 1}]`;
  };
  if (limits.DailyCap) {
    add({
      path: 'Limits.DailyCap',
      status: 'mapped',
      to: cap(limits.DailyCap, hours(24), 'Limits.DailyCap'),
      note: `≤ ${limits.DailyCap} messages per customer per rolling 24 h (Pinpoint: per 24-hour period); over it: suppressed with journey_cap`,
    });
  }
  const frame = limits.TimeframeCap;
  if (frame?.Cap && frame.Days) {
    add({
      path: 'Limits.TimeframeCap',
      status: 'mapped',
      to: cap(frame.Cap, days(frame.Days), 'Limits.TimeframeCap'),
      note: `≤ ${frame.Cap} messages per customer per ${frame.Days} days`,
    });
  }
  if (limits.TotalCap) {
    add({
      path: 'Limits.TotalCap',
      status: 'approximated',
      to: cap(limits.TotalCap, days(3650), 'Limits.TotalCap'),
      note: `≤ ${limits.TotalCap} messages per customer over 10 years, standing for "the journey's run"`,
    });
  }
  if (limits.EndpointReentryCap) {
    settings.entry.maxEntries = limits.EndpointReentryCap;
    add({
      path: 'Limits.EndpointReentryCap',
      status: 'mapped',
      to: 'entry.maxEntries',
      note: `a customer enters at most ${limits.EndpointReentryCap} times`,
    });
  } else if (limits.EndpointReentryCap === 0) {
    add({
      path: 'Limits.EndpointReentryCap',
      status: 'mapped',
      to: 'entry',
      note: '0 = unlimited entries, the default',
    });
  }
  if (limits.EndpointReentryInterval) {
    const interval = isoDuration(limits.EndpointReentryInterval);
    settings.entry.reentryCooldown = interval.ms;
    add({
      path: 'Limits.EndpointReentryInterval',
      status: 'approximated',
      to: 'entry.reentryCooldown',
      note: `${interval.code} counted from the customer's exit (Pinpoint: from the entry)`,
    });
  }
  if (limits.MessagesPerSecond) {
    settings.pending.limits = { perSecond: limits.MessagesPerSecond };
    add({
      path: 'Limits.MessagesPerSecond',
      status: 'pending',
      to: 'pending.limits.perSecond',
      note: "needs issue 16 item 4 (journey limits); until then delivery runs at the channel's own pace",
    });
  }
}

function mapLifecycle(journey: PinpointJourney, settings: Settings, add: (e: ReportEntry) => void) {
  const stateMap = {
    DRAFT: 'paused',
    ACTIVE: 'active',
    PAUSED: 'paused',
    COMPLETED: 'stopped',
    CANCELLED: 'stopped',
    CLOSED: 'stopped',
  } as const;
  const state = journey.State ? stateMap[journey.State] : 'active';
  settings.pending.lifecycle = { state };
  if (journey.State)
    add({
      path: 'State',
      status: 'pending',
      to: 'pending.lifecycle.state',
      note: `${journey.State} → ${state}; needs issue 16 item 5 (npm run journeys -- ${state === 'active' ? 'resume' : state === 'paused' ? 'pause' : 'stop'} <id>); a journey runs once it is registered in journeys/index.ts`,
    });
  const schedule = journey.Schedule;
  if (schedule?.StartTime) settings.pending.lifecycle.activeFrom = schedule.StartTime;
  if (schedule?.EndTime) settings.pending.lifecycle.activeUntil = schedule.EndTime;
  if (schedule?.StartTime || schedule?.EndTime)
    add({
      path: 'Schedule',
      status: 'pending',
      to: 'pending.lifecycle.activeFrom/activeUntil',
      note: `${schedule.StartTime ?? '…'} to ${schedule.EndTime ?? '…'}${schedule.Timezone ? ` (${schedule.Timezone})` : ''}; nothing starts or stops a journey on a date yet: resume and stop it then (issue 16 item 5)`,
    });
}

/** Fields the importer reads inside the journey's settings objects; anything else there is listed as unsupported. */
const KNOWN_NESTED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Limits: [
    'DailyCap',
    'EndpointReentryCap',
    'MessagesPerSecond',
    'EndpointReentryInterval',
    'TimeframeCap',
    'TotalCap',
  ],
  QuietTime: ['Start', 'End'],
  Schedule: ['StartTime', 'EndTime', 'Timezone'],
  StartCondition: ['Description', 'EventStartCondition', 'SegmentStartCondition'],
  'StartCondition.EventStartCondition': ['EventFilter', 'SegmentId'],
  'StartCondition.EventStartCondition.EventFilter': ['Dimensions', 'FilterType'],
};

function nestedSettings(journey: PinpointJourney): Array<[string, object | undefined]> {
  const event = journey.StartCondition?.EventStartCondition;
  return [
    ['Limits', journey.Limits],
    ['QuietTime', journey.QuietTime],
    ['Schedule', journey.Schedule],
    ['StartCondition', journey.StartCondition],
    ['StartCondition.EventStartCondition', event],
    ['StartCondition.EventStartCondition.EventFilter', event?.EventFilter],
  ];
}
