/** Durations in milliseconds; time in the core is always an argument, never read from a clock. */
export const minutes = (n: number): number => n * 60_000;
export const hours = (n: number): number => n * 3_600_000;
export const days = (n: number): number => n * 86_400_000;

const DAY = 86_400_000;
/** Years toIso formats itself; outside them (6-digit years) `Date` does. */
const FIRST_YEAR = 1000;
const LAST_YEAR = 9999;

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1–12); H. Hinnant's `days_from_civil`. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const ZERO = 48;
/** Character codes of `n` as two digits (0–99). */
const tens = (n: number) => ZERO + Math.floor(n / 10);
const ones = (n: number) => ZERO + (n % 10);

/**
 * `new Date(ms).toISOString()` without a `Date` (a `Date` and its formatting were a tenth of the engine's time).
 * Same text for every time; years outside 1000–9999 and invalid times go through `Date`, which formats or throws.
 */
export function toIso(ms: number): string {
  const dayNumber = Math.floor(ms / DAY);
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (!(year >= FIRST_YEAR && year <= LAST_YEAR) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  let rest = ms - dayNumber * DAY;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  const century = Math.floor(year / 100);
  // One flat string from character codes: a template literal would build a rope of 13 pieces, flattened when compared.
  // biome-ignore format: one line per field
  return String.fromCharCode(
    tens(century), ones(century), tens(year % 100), ones(year % 100), 45,
    tens(month), ones(month), 45,
    tens(day), ones(day), 84,
    tens(hour), ones(hour), 58,
    tens(minute), ones(minute), 58,
    tens(second), ones(second), 46,
    ZERO + Math.floor(milli / 100), tens(milli % 100), ones(milli % 100), 90,
  );
}

/** Value of `length` decimal digits at `start`, or -1 if one of them is not a digit. */
function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let index = start; index < start + length; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Epoch ms of a valid time written exactly as `toIso` writes it (`2019-10-01T08:00:00.000Z`), else undefined:
 * other forms (offsets, fewer digits) and out-of-range fields are left to `Date.parse`.
 */
function canonicalMs(iso: string): number | undefined {
  if (iso.length !== 24 || iso.charCodeAt(23) !== 90 /* Z */ || iso.charCodeAt(10) !== 84 /* T */) return undefined;
  if (iso[4] !== '-' || iso[7] !== '-' || iso[13] !== ':' || iso[16] !== ':' || iso[19] !== '.') return undefined;
  const year = digitsAt(iso, 0, 4);
  const month = digitsAt(iso, 5, 2);
  const day = digitsAt(iso, 8, 2);
  const hour = digitsAt(iso, 11, 2);
  const minute = digitsAt(iso, 14, 2);
  const second = digitsAt(iso, 17, 2);
  const milli = digitsAt(iso, 20, 3);
  if (year < FIRST_YEAR || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return undefined;
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0) return undefined;
  if (day > (month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month] as number))) return undefined;
  return daysFromCivil(year, month, day) * DAY + hour * 3_600_000 + minute * 60_000 + second * 1000 + milli;
}

/** `Date.parse(iso)`, without parsing in `Date` when the text is written as `toIso` writes it. */
export const toMs = (iso: string): number => canonicalMs(iso) ?? Date.parse(iso);

/** `toIso(toMs(iso))`: the same instant written as `toIso` writes it; a text already written so is returned as is. */
export const canonicalIso = (iso: string): string => (canonicalMs(iso) === undefined ? toIso(Date.parse(iso)) : iso);

/** Parses "90m", "36h", "35d", "2w" or a number of milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?$/.exec(text.trim());
  if (!match) throw new RangeError(`Not a duration: "${text}" (use e.g. 90m, 36h, 35d)`);
  const value = Number(match[1]);
  const unit = match[2] ?? 'ms';
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[unit] ?? 1;
  return value * factor;
}
