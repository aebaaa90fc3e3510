import { describe, expect, it } from 'vitest';
import { closedDayProblems } from '../../core/policy/send-windows.ts';
import { KR_HOLIDAYS } from '../../journeys/holidays.ts';
import { policy } from '../../journeys/policy.ts';

const DAY = 86_400_000;
const lunar = new Intl.DateTimeFormat('ko-KR-u-ca-dangi', { timeZone: 'Asia/Seoul', month: 'numeric', day: 'numeric' });
/** Korean lunar month/day of a solar date, from ICU's Dangi calendar (independent of the data under test). */
function lunarOf(date: string): string {
  const parts = lunar.formatToParts(Date.parse(`${date}T03:00:00Z`));
  return `${parts.find((p) => p.type === 'month')?.value}/${parts.find((p) => p.type === 'day')?.value}`;
}
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const isSunday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() === 0;
/** Fixed-date public holidays a 설날/추석 period can overlap (관공서의 공휴일에 관한 규정 제2조). */
const FIXED_HOLIDAYS = ['01-01', '03-01', '05-05', '06-06', '08-15', '10-03', '10-09', '12-25'];

/** 설날 and 추석 of 2026–2028 by the lunar calendar and the substitute-holiday rule, derived day by day. */
function expectedCalendar() {
  const expected: Array<{ name: string; from: string; to?: string }> = [];
  for (let at = Date.parse('2026-01-01T00:00:00Z'); at < Date.parse('2029-01-01T00:00:00Z'); at += DAY) {
    const day = new Date(at).toISOString().slice(0, 10);
    const name = lunarOf(day) === '1/1' ? '설날' : lunarOf(day) === '8/15' ? '추석' : undefined;
    if (!name) continue;
    const period = [shift(day, -1), day, shift(day, 1)];
    expected.push({ name, from: period[0] as string, to: period[2] as string });
    const clash = period.some((date) => isSunday(date) || FIXED_HOLIDAYS.includes(date.slice(5)));
    let substitute = shift(day, 2);
    while (isSunday(substitute) || FIXED_HOLIDAYS.includes(substitute.slice(5))) substitute = shift(substitute, 1);
    if (clash) expected.push({ name: `${name} 대체공휴일`, from: substitute });
  }
  return expected;
}

describe('KR holiday calendar', () => {
  it('holds 설날 and 추석 of 2026-2028 (lunar 12/30-1/2 and 8/14-8/16) and their substitute holidays', () => {
    const actual = KR_HOLIDAYS.map(({ name, from, to }) => ({
      name: name.split(' (')[0] as string,
      from,
      ...(to ? { to } : {}),
    }));
    expect(actual).toEqual(expectedCalendar());
  });

  it('falls on the lunar dates the law names', () => {
    expect(lunarOf('2026-02-17')).toBe('1/1');
    expect(lunarOf('2027-09-15')).toBe('8/15');
    expect(lunarOf('2028-10-03')).toBe('8/15');
  });

  it('is valid data and is the house policy calendar for KR', () => {
    expect(closedDayProblems('KR', KR_HOLIDAYS)).toEqual([]);
    expect(policy.holidays?.KR).toBe(KR_HOLIDAYS);
  });
});
