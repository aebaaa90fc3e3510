const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

function offsetAt(ms: number, timeZone: string): number {
  const wall = wallClock(ms, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant at which the wall clock in `timeZone` shows the given local date and hour (and minute). */
export function instantOfLocal(year: number, month: number, day: number, hour: number, timeZone: string, minute = 0) {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  let guess = naive - offsetAt(naive, timeZone);
  guess = naive - offsetAt(guess, timeZone);
  return guess;
}

export function localHour(ms: number, timeZone: string): number {
  return wallClock(ms, timeZone).hour;
}

/** Whether the local hour at `ms` lies in [startHour, endHour), windows may wrap midnight (21→8). */
export function inLocalWindow(ms: number, timeZone: string, startHour: number, endHour: number): boolean {
  const hour = localHour(ms, timeZone);
  return startHour <= endHour ? hour >= startHour && hour < endHour : hour >= startHour || hour < endHour;
}

/** The first instant after `ms` at which local time is `hour`:00 in `timeZone`. */
export function nextLocalHour(ms: number, timeZone: string, hour: number): number {
  const wall = wallClock(ms, timeZone);
  for (let dayOffset = 0; dayOffset <= 2; dayOffset += 1) {
    const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + dayOffset));
    const candidate = instantOfLocal(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hour, timeZone);
    if (candidate > ms) return candidate;
  }
  throw new RangeError(`No ${hour}:00 after ${new Date(ms).toISOString()} in ${timeZone}`);
}
