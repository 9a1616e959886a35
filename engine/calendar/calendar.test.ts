import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addMonths, addYears, dagerText, day, endOfYear, holidayName, isoDate, isWorkingDay, nextWorkingDay, osloClock, osloInstant, osloToday, parseIsoDate, partsOfDay, weekday, yearOf } from './index.ts';
import { fileURLToPath } from 'node:url';
import { UTCDate } from '@date-fns/utc';
import { addMonths as fnsAddMonths, addYears as fnsAddYears } from 'date-fns';

describe('legal dates', () => {
  it('reads real calendar dates and refuses impossible ones', () => {
    expect(isoDate(day('2024-02-29'))).toBe('2024-02-29');
    for (const bad of ['2023-02-29', '2024-02-30', '2024-13-01', '2024-00-10', '2024-4-1', '2024-04-01T00:00', '']) expect(parseIsoDate(bad)).toBeUndefined();
  });

  it('adds months the way domstolloven § 148 counts: the same date, or the month’s last day', () => {
    expect(isoDate(addMonths(day('2024-01-31'), 1))).toBe('2024-02-29');
    expect(isoDate(addMonths(day('2024-03-04'), 6))).toBe('2024-09-04');
    expect(isoDate(addYears(day('2024-02-29'), 3))).toBe('2027-02-28');
  });

  it('remembers month and year arithmetic without changing it: every day 1899–2101, asked twice, as date-fns answers', () => {
    const viaDateFns = (d: number, months: number) => Math.round(fnsAddMonths(new UTCDate(d * 86_400_000), months).getTime() / 86_400_000);
    const viaYears = (d: number, years: number) => Math.round(fnsAddYears(new UTCDate(d * 86_400_000), years).getTime() / 86_400_000);
    for (let d = day('1900-01-01') - 31; d <= day('2101-01-31'); d++) {
      for (const months of [1, 6, -1, 36]) {
        const want = viaDateFns(d, months);
        if (addMonths(d, months) !== want || addMonths(d, months) !== want) throw new Error(`addMonths(${isoDate(d)}, ${months}) = ${isoDate(addMonths(d, months))}, not ${isoDate(want)}`);
      }
      for (const years of [3, 10]) {
        const want = viaYears(d, years);
        if (addYears(d, years) !== want || addYears(d, years) !== want) throw new Error(`addYears(${isoDate(d)}, ${years}) = ${isoDate(addYears(d, years))}, not ${isoDate(want)}`);
      }
    }
    // More numbers of months than are remembered: the rest are worked out each time, the same.
    const d = day('2024-01-31');
    for (let months = -50; months <= 50; months++) expect(addMonths(d, months)).toBe(viaDateFns(d, months));
    expect(isoDate(addYears(day('2204-02-29'), 1))).toBe('2205-02-28');
  });

  it('finds the year and its last day from the year table exactly as from the calendar arithmetic, 1890–2110', () => {
    for (let d = day('1900-01-01') - 3700; d <= day('2110-12-31'); d++) {
      const [y] = partsOfDay(d);
      if (yearOf(d) !== y) throw new Error(`yearOf(${isoDate(d)}) = ${yearOf(d)}`);
      if (isoDate(endOfYear(d)) !== `${y}-12-31`) throw new Error(`endOfYear(${isoDate(d)}) = ${isoDate(endOfYear(d))}`);
    }
    expect(yearOf(day('2024-12-31'))).toBe(2024);
    expect(yearOf(day('2025-01-01'))).toBe(2025);
  });

  it('knows the weekday of a day', () => {
    expect(weekday(day('2024-03-15'))).toBe(5); // a Friday
    expect(weekday(day('1970-01-01'))).toBe(4);
  });
});

describe('Norwegian public holidays (date-holidays, NO, public)', () => {
  // Independent list: lov om helligdager § 2 and lov om 1. og 17. mai, Easter from the almanac.
  const expected: Record<number, string[]> = {
    2024: ['01-01', '03-28', '03-29', '03-31', '04-01', '05-01', '05-09', '05-17', '05-19', '05-20', '12-25', '12-26'],
    2025: ['01-01', '04-17', '04-18', '04-20', '04-21', '05-01', '05-17', '05-29', '06-08', '06-09', '12-25', '12-26'],
    2026: ['01-01', '04-02', '04-03', '04-05', '04-06', '05-01', '05-14', '05-17', '05-24', '05-25', '12-25', '12-26'],
  };
  for (const [year, days] of Object.entries(expected)) {
    it(`are the twelve days of ${year}`, () => {
      const start = day(`${year}-01-01`);
      const found: string[] = [];
      for (let d = start; d < start + 366; d++) if (isoDate(d).startsWith(year) && holidayName(d)) found.push(isoDate(d).slice(5));
      expect(found).toEqual(days);
    });
  }

  it('moves a deadline past Saturday, Sunday and holidays to the next working day', () => {
    expect(isoDate(nextWorkingDay(day('2024-12-25')))).toBe('2024-12-27');
    expect(isoDate(nextWorkingDay(day('2024-03-28')))).toBe('2024-04-02');
    expect(isoDate(nextWorkingDay(day('2024-09-02')))).toBe('2024-09-02');
    expect(isWorkingDay(day('2024-05-17'))).toBe(false);
  });
});

describe('time zones', () => {
  it('gives the same result in any time zone (dates are calendar days, never instants)', () => {
    const bin = fileURLToPath(new URL('../../bin/inkasso.cjs', import.meta.url));
    const example = fileURLToPath(new URL('../../examples/claim-egeninkasso.json', import.meta.url));
    const out = ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles', 'Europe/Oslo'].map((tz) =>
      spawnSync(process.execPath, [bin, 'evaluate', example, '--as-of', '2024-07-01'], { encoding: 'utf8', env: { ...process.env, TZ: tz } }).stdout);
    expect(out[0]).toContain('"claimId"');
    for (const o of out) expect(o).toBe(out[0]);
  });

  it("takes today as the date in Norway, not the machine's UTC date, around midnight in winter and summer", () => {
    // 23:30 UTC is 00:30 the next day in Norway in winter (UTC+1), and 01:30 in summer (UTC+2).
    expect(osloToday(new Date('2026-12-06T23:30:00Z'))).toBe('2026-12-07');
    expect(osloToday(new Date('2026-12-06T22:59:59Z'))).toBe('2026-12-06');
    expect(osloToday(new Date('2026-12-06T23:00:00Z'))).toBe('2026-12-07');
    expect(osloToday(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02');
    expect(osloToday(new Date('2026-07-01T21:59:59Z'))).toBe('2026-07-01');
    // New Year's Eve: the new year begins in Norway an hour before it does in UTC.
    expect(osloToday(new Date('2026-12-31T23:15:00Z'))).toBe('2027-01-01');
  });

  it('shows an instant as a clock in Norway shows it, in winter and in summer time', () => {
    expect(osloClock('2026-12-06T13:05:00.000Z')).toEqual({ date: '2026-12-06', time: '14:05' });
    expect(osloClock('2026-07-01T22:30:00Z')).toEqual({ date: '2026-07-02', time: '00:30' });
    // The last Sunday of March: 01:00 UTC is 03:00 summer time (the clock skips 02:00–03:00).
    expect(osloClock('2026-03-29T00:59:00Z')).toEqual({ date: '2026-03-29', time: '01:59' });
    expect(osloClock('2026-03-29T01:00:00Z')).toEqual({ date: '2026-03-29', time: '03:00' });
    expect(osloClock('not a time')).toBeUndefined();
  });

  it('reads a moment without a zone as Norwegian time, and one with its zone as it says', () => {
    expect(osloInstant('2026-12-06 14:05')?.toISOString()).toBe('2026-12-06T13:05:00.000Z');
    expect(osloInstant('2026-12-06T14:05')?.toISOString()).toBe('2026-12-06T13:05:00.000Z');
    expect(osloInstant('2026-07-01T14:05:30')?.toISOString()).toBe('2026-07-01T12:05:30.000Z');
    expect(osloInstant('2026-12-06')?.toISOString()).toBe('2026-12-05T23:00:00.000Z');
    // Either side of the change to winter time (25 October 2026, 03:00 summer time → 02:00).
    expect(osloInstant('2026-10-24 12:00')?.toISOString()).toBe('2026-10-24T10:00:00.000Z');
    expect(osloInstant('2026-10-26 12:00')?.toISOString()).toBe('2026-10-26T11:00:00.000Z');
    expect(osloInstant('2026-12-06T14:05:00Z')?.toISOString()).toBe('2026-12-06T14:05:00.000Z');
    expect(osloInstant('2026-12-06T14:05:00+01:00')?.toISOString()).toBe('2026-12-06T13:05:00.000Z');
    for (const bad of ['', 'i går', '2026-02-30', '2026-12-06 25:00', '2026-12-06 14:60', 'December 6, 2026', '1765029900000']) expect(osloInstant(bad)).toBeUndefined();
  });
});

describe('dagerText', () => {
  it('writes one day in the singular, as Norwegian does', () => {
    expect(dagerText(1)).toBe('1 dag');
    expect(dagerText(0)).toBe('0 dager');
    expect(dagerText(14)).toBe('14 dager');
  });
});
