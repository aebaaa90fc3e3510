import type { ClosedDays } from '../core/policy/send-windows.ts';

/**
 * Korean public holidays on which shops close and promotional sends wait: 설날 and 추석 (the day before, the day and
 * the day after, lunar 12/30–1/2 and 8/14–8/16) with their substitute holidays (대체공휴일: the first working day
 * after a holiday period that overlaps a Sunday or another public holiday). Checked against the Korean lunar
 * calendar in test/journeys/holidays.test.ts. Extend the list each year.
 */
export const KR_HOLIDAYS: readonly ClosedDays[] = [
  { name: '설날', from: '2026-02-16', to: '2026-02-18' },
  { name: '추석', from: '2026-09-24', to: '2026-09-26' },
  { name: '설날', from: '2027-02-06', to: '2027-02-08' },
  { name: '설날 대체공휴일', from: '2027-02-09' },
  { name: '추석', from: '2027-09-14', to: '2027-09-16' },
  { name: '설날', from: '2028-01-26', to: '2028-01-28' },
  { name: '추석', from: '2028-10-02', to: '2028-10-04' },
  { name: '추석 대체공휴일 (개천절과 겹침)', from: '2028-10-05' },
];
