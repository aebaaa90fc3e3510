import { CHANNELS, type Channel } from '../events/schemas.ts';

/** Days of the week, in the order `Date#getUTCDay` numbers them. */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Open from `start` (inclusive) to `end` (exclusive), recipient local time, `HH:MM` (`end` may be `24:00`). */
export interface OpenPeriod {
  start: string;
  end: string;
}

/** Days nothing promotional goes out, as local dates `YYYY-MM-DD` from `from` to `to` (inclusive; default `from`). */
export interface ClosedDays {
  name: string;
  from: string;
  to?: string;
}

/**
 * When a journey's promotional messages may go out, in the recipient's local time (Pinpoint's OpenHours and
 * ClosedDays). A message asked for outside them is deferred to the next open slot, never dropped.
 */
export interface SendWindows {
  /**
   * Open hours per channel and weekday. A channel not listed is open all day; for a listed channel, a weekday not
   * listed is closed.
   */
  openHours?: Partial<Record<Channel, Partial<Record<Weekday, readonly OpenPeriod[]>>>>;
  /** Closed on the holidays of the recipient's country, from the house policy's calendar (`policy.holidays`). */
  closedOnHolidays?: boolean;
  /** This journey's own closed days (e.g. a stock-take), for every recipient. */
  closedDays?: readonly ClosedDays[];
}

const DAY_MINUTES = 24 * 60;

/** `HH:MM` → minutes after local midnight, or undefined when malformed; `24:00` is the end of the day. */
export function minuteOfDay(text: string): number | undefined {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!match) return undefined;
  const minute = Number(match[1]) * 60 + Number(match[2]);
  return minute <= DAY_MINUTES ? minute : undefined;
}

const isLocalDate = (text: string | undefined): text is string =>
  text !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));

function periodProblems(where: string, periods: readonly OpenPeriod[]): string[] {
  return periods.flatMap((period) => {
    const start = minuteOfDay(period.start);
    const end = minuteOfDay(period.end);
    if (start === undefined || end === undefined)
      return [`${where}: times are HH:MM (got ${period.start}-${period.end})`];
    return start < end ? [] : [`${where}: ${period.start}-${period.end} must start before it ends`];
  });
}

/** What is wrong with a set of closed days (for journeys and the house policy's holiday calendar). */
export function closedDayProblems(where: string, days: readonly ClosedDays[]): string[] {
  return days.flatMap((day) => {
    if (!isLocalDate(day.from) || (day.to !== undefined && !isLocalDate(day.to))) {
      return [`${where} "${day.name}": dates are YYYY-MM-DD`];
    }
    return day.to !== undefined && day.to < day.from ? [`${where} "${day.name}": ends before it starts`] : [];
  });
}

/** What is wrong with a journey's send windows; empty when they are valid. */
export function sendWindowProblems(windows: SendWindows): string[] {
  const problems: string[] = [];
  for (const [channel, week] of Object.entries(windows.openHours ?? {})) {
    const where = `sendWindows.openHours.${channel}`;
    if (!CHANNELS.includes(channel as Channel)) problems.push(`${where}: unknown channel`);
    const entries = Object.entries(week ?? {});
    for (const [weekday, periods] of entries) {
      if (!WEEKDAYS.includes(weekday as Weekday)) problems.push(`${where}.${weekday}: unknown weekday`);
      problems.push(...periodProblems(`${where}.${weekday}`, periods ?? []));
    }
    if (!entries.some(([, periods]) => (periods ?? []).length > 0)) {
      problems.push(`${where}: opens on no weekday, so nothing could ever be sent`);
    }
  }
  problems.push(...closedDayProblems('sendWindows.closedDays', windows.closedDays ?? []));
  return problems;
}

const closedDateSets = new WeakMap<readonly ClosedDays[], ReadonlySet<string>>();

/** Every local date the closed days cover, computed once per calendar. */
export function closedDates(days: readonly ClosedDays[]): ReadonlySet<string> {
  let dates = closedDateSets.get(days);
  if (!dates) {
    const found = new Set<string>();
    for (const day of days) {
      const last = Date.parse(`${day.to ?? day.from}T00:00:00Z`);
      for (let at = Date.parse(`${day.from}T00:00:00Z`); at <= last; at += DAY_MINUTES * 60_000) {
        found.add(new Date(at).toISOString().slice(0, 10));
      }
    }
    dates = found;
    closedDateSets.set(days, dates);
  }
  return dates;
}

/** The open periods of a channel on a weekday as minute ranges; undefined when the channel is open all day. */
export function openMinutes(windows: SendWindows | undefined, channel: Channel, weekday: Weekday) {
  const week = windows?.openHours?.[channel];
  if (!week) return undefined;
  return (week[weekday] ?? []).map((period) => ({
    start: minuteOfDay(period.start) ?? 0,
    end: minuteOfDay(period.end) ?? 0,
  }));
}
