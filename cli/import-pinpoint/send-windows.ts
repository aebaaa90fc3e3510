import type { Channel } from '../../core/events/schemas.ts';
import { policy as housePolicy } from '../../journeys/policy.ts';
import type { PendingSettings, ReportEntry } from './model.ts';
import type { PinpointJourney } from './pinpoint-schema.ts';

const CHANNELS: Readonly<Record<string, Channel>> = { EMAIL: 'email', SMS: 'sms', PUSH: 'push' };
const pad = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
type Add = (entry: ReportEntry) => void;

/** Quiet time, open hours and closed days as `sendWindows` metadata (issue 16 item 3), and the policy they meet. */
export function mapSendWindows(journey: PinpointJourney, pending: PendingSettings, add: Add): void {
  mapQuietTime(journey, pending, add);
  mapWindows(journey, pending, add);
}

function mapQuietTime(journey: PinpointJourney, pending: PendingSettings, add: Add) {
  const quiet = journey.QuietTime;
  if (quiet?.Start && quiet.End) {
    const house = housePolicy.quietHours;
    const same = quiet.Start === pad(house.startHour) && quiet.End === pad(house.endHour);
    if (same) {
      add({
        path: 'QuietTime',
        status: 'mapped',
        to: 'policy.quietHours',
        note: `${quiet.Start}–${quiet.End} recipient local time is the house policy's quiet hours`,
      });
    } else {
      add({
        path: 'QuietTime',
        status: 'pending',
        to: 'pending.sendWindows.openHours',
        note: `${quiet.Start}–${quiet.End} becomes open hours outside it on every channel and day (intersected with OpenHours); needs issue 16 item 3; until then the house quiet hours ${pad(house.startHour)}–${pad(house.endHour)} apply`,
      });
      const open = outside(quiet.Start, quiet.End);
      const week = Object.fromEntries(WEEKDAYS.map((day) => [day, open]));
      pending.sendWindows ??= {};
      const windows = pending.sendWindows;
      windows.openHours = { email: week, sms: week, push: week };
    }
  }
  if (journey.WaitForQuietTime !== undefined) {
    add(
      journey.WaitForQuietTime
        ? {
            path: 'WaitForQuietTime',
            status: 'mapped',
            to: 'policy',
            note: 'a message asked for in quiet hours is deferred to their end (reason quiet_hours)',
          }
        : {
            path: 'WaitForQuietTime',
            status: 'approximated',
            to: 'policy',
            note: 'false: Pinpoint skips the message; here it is deferred to the end of quiet hours, never dropped',
          },
    );
  }
  if (journey.LocalTime !== undefined) {
    add(
      journey.LocalTime
        ? { path: 'LocalTime', status: 'mapped', to: 'policy', note: "windows run in the recipient's local time" }
        : { path: 'LocalTime', status: 'unsupported', note: "windows always run in the recipient's local time" },
    );
  }
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
type Period = { start: string; end: string };
const toMinute = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
const toText = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** The open periods of a day outside a quiet time (which may wrap midnight). */
function outside(quietStart: string, quietEnd: string): Period[] {
  if (quietEnd <= quietStart) return [{ start: quietEnd, end: quietStart }];
  return [...(quietStart > '00:00' ? [{ start: '00:00', end: quietStart }] : []), { start: quietEnd, end: '24:00' }];
}

/** Periods in both lists (same day). */
function intersect(left: readonly Period[], right: readonly Period[]): Period[] {
  const found: Period[] = [];
  for (const a of left) {
    for (const b of right) {
      const start = Math.max(toMinute(a.start), toMinute(b.start));
      const end = Math.min(toMinute(a.end), toMinute(b.end));
      if (start < end) found.push({ start: toText(start), end: toText(end) });
    }
  }
  return found;
}

function mapWindows(journey: PinpointJourney, pending: PendingSettings, add: Add) {
  const { OpenHours: openHours, ClosedDays: closedDays } = journey;
  if (!openHours && !closedDays) return;
  if (journey.SendingSchedule === false) {
    add({
      path: 'OpenHours/ClosedDays',
      status: 'ignored',
      note: 'SendingSchedule is false: Pinpoint ignores them too',
    });
    return;
  }
  if (journey.SendingSchedule)
    add({
      path: 'SendingSchedule',
      status: 'mapped',
      to: 'pending.sendWindows',
      note: 'open hours and closed days apply',
    });
  pending.sendWindows ??= {};
  const windows = pending.sendWindows;
  for (const [pinpointChannel, week] of Object.entries(openHours ?? {})) {
    const channel = CHANNELS[pinpointChannel];
    const path = `OpenHours.${pinpointChannel}`;
    if (!channel) {
      add({ path, status: 'unsupported', note: `no ${pinpointChannel} channel here` });
      continue;
    }
    const quiet = windows.openHours?.[channel];
    const days: Record<string, Period[]> = {};
    for (const day of WEEKDAYS) {
      const rules = (week as Record<string, Array<{ StartTime: string; EndTime: string }>>)[day.toUpperCase()];
      const periods = rules?.map((rule) => ({ start: rule.StartTime, end: rule.EndTime })) ?? [];
      const quietDay = quiet?.[day];
      const open = quietDay ? intersect(periods, quietDay) : periods;
      if (open.length > 0) days[day] = open;
    }
    windows.openHours = { ...windows.openHours, [channel]: days };
    add({
      path,
      status: 'pending',
      to: `pending.sendWindows.openHours.${channel}`,
      note: 'weekday open hours, recipient local time; a day not listed is closed; needs issue 16 item 3',
    });
  }
  const rules = Object.entries(closedDays ?? {});
  const used = rules.map(([channel]) => channel);
  const seen = new Map<string, { name: string; from: string; to?: string; channels: string[] }>();
  for (const [pinpointChannel, list] of rules) {
    for (const rule of list as Array<{ Name?: string; StartDateTime: string; EndDateTime: string }>) {
      const from = rule.StartDateTime.slice(0, 10);
      const to = rule.EndDateTime.slice(0, 10);
      const key = `${from}/${to}`;
      const entry = seen.get(key) ?? {
        name: rule.Name ?? `closed ${from}`,
        from,
        ...(to !== from ? { to } : {}),
        channels: [],
      };
      entry.channels.push(pinpointChannel);
      seen.set(key, entry);
      const partDay = !/T00:00(:00)?/.test(rule.StartDateTime) || !/T23:59|T24:00/.test(rule.EndDateTime);
      if (rule.StartDateTime.length > 10 && partDay)
        add({
          path: `ClosedDays.${pinpointChannel}.${rule.Name ?? key}`,
          status: 'approximated',
          note: `${rule.StartDateTime}–${rule.EndDateTime} closes whole days ${from}–${to}`,
        });
    }
  }
  if (seen.size > 0) {
    windows.closedDays = [...seen.values()].map(({ channels: _channels, ...day }) => day);
    const partial = [...seen.values()].filter((day) => day.channels.length < used.length);
    add({
      path: 'ClosedDays',
      status: partial.length > 0 ? 'approximated' : 'pending',
      to: 'pending.sendWindows.closedDays',
      note: `${seen.size} closed day rule(s), recipient local dates; needs issue 16 item 3${partial.length > 0 ? `; closed days apply to every channel here (Pinpoint: ${partial.map((day) => `${day.name} only on ${day.channels.join('/')}`).join(', ')})` : ''}`,
    });
  }
}
