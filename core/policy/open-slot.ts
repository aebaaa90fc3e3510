import type { ReasonCode } from './config.ts';
import { instantOfLocal, wallClock } from './local-time.ts';
import { WEEKDAYS, type Weekday } from './send-windows.ts';

/** Minutes after local midnight, `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** One rule on when a message may go out: the local spans it allows on a weekday, and the reason it gives. */
export interface SlotConstraint {
  reason: ReasonCode;
  allowed(weekday: Weekday): readonly Span[];
}

export interface SlotRules {
  timeZone: string;
  /** Whether a local date (`YYYY-MM-DD`) is closed. */
  isClosed(date: string): boolean;
  constraints: readonly SlotConstraint[];
  /** How many days ahead to look before giving up (closed days only lengthen the search). */
  horizonDays: number;
}

const DAY = 24 * 60;
const REASON_ORDER: readonly ReasonCode[] = ['closed_day', 'outside_open_hours', 'quiet_hours'];

/** The spans of local hours [startHour, endHour), wrapping midnight when start > end (21 → 8). */
export function hourSpans(startHour: number, endHour: number): Span[] {
  if (startHour === endHour) return [];
  if (startHour < endHour) return [{ start: startHour * 60, end: endHour * 60 }];
  return [
    { start: 0, end: endHour * 60 },
    { start: startHour * 60, end: DAY },
  ].filter((span) => span.start < span.end);
}

/** The whole day, for rules that do not limit a weekday. */
export const ALL_DAY: readonly Span[] = [{ start: 0, end: DAY }];

function intersect(a: readonly Span[], b: readonly Span[]): Span[] {
  const spans: Span[] = [];
  for (const x of a) {
    for (const y of b) {
      const start = Math.max(x.start, y.start);
      const end = Math.min(x.end, y.end);
      if (start < end) spans.push({ start, end });
    }
  }
  return spans.sort((p, q) => p.start - q.start);
}

const spanAt = (spans: readonly Span[], minute: number) => spans.find((s) => s.start <= minute && minute < s.end);

/**
 * The next instant at which every constraint allows a message on an open day, and the reasons it cannot go now:
 * those broken now, any closed day skipped, and the constraint that opens last (the one the slot waits for).
 * Undefined when the message may go now.
 */
export function nextOpenSlot(now: number, rules: SlotRules): { at: number; reasons: ReasonCode[] } | undefined {
  const wall = wallClock(now, rules.timeZone);
  const nowMinute = wall.hour * 60 + wall.minute;
  const reasons = new Set<ReasonCode>();
  for (let offset = 0; offset <= rules.horizonDays; offset += 1) {
    const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + offset));
    if (rules.isClosed(date.toISOString().slice(0, 10))) {
      reasons.add('closed_day');
      continue;
    }
    const weekday = WEEKDAYS[date.getUTCDay()] as Weekday;
    const allowed = rules.constraints.map((constraint) => constraint.allowed(weekday));
    const from = offset === 0 ? nowMinute : 0;
    if (offset === 0) {
      rules.constraints.forEach((constraint, index) => {
        if (!spanAt(allowed[index] ?? [], nowMinute)) reasons.add(constraint.reason);
      });
      if (reasons.size === 0) return undefined;
    }
    const open = allowed.reduce(intersect, [...ALL_DAY]).find((span) => span.end > from);
    if (!open) continue;
    const minute = Math.max(open.start, from);
    rules.constraints.forEach((constraint, index) => {
      if (minute > from && spanAt(allowed[index] ?? [], minute)?.start === minute) reasons.add(constraint.reason);
    });
    const at = instantOfLocal(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      Math.floor(minute / 60),
      rules.timeZone,
      minute % 60,
    );
    return { at: Math.max(at, now + 1), reasons: ordered(reasons) };
  }
  const after = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + rules.horizonDays + 1));
  const at = instantOfLocal(after.getUTCFullYear(), after.getUTCMonth() + 1, after.getUTCDate(), 0, rules.timeZone);
  return { at, reasons: ordered(reasons) };
}

const ordered = (reasons: ReadonlySet<ReasonCode>): ReasonCode[] => [
  ...REASON_ORDER.filter((reason) => reasons.has(reason)),
  ...[...reasons].filter((r) => !REASON_ORDER.includes(r)),
];
