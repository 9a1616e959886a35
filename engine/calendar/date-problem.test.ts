import { describe, expect, it } from 'vitest';
import { dateReason, whyNotADate } from './date-problem.ts';

describe('why a text is not a date', () => {
  it('names the month, the day or the year that does not exist', () => {
    expect(whyNotADate('2024-02-30')).toBe('February 2024 has 29 days');
    expect(whyNotADate('2023-02-29')).toBe('February 2023 has 28 days');
    expect(whyNotADate('2100-02-29')).toBe('February 2100 has 28 days');
    expect(whyNotADate('2024-04-31')).toBe('April 2024 has 30 days');
    expect(whyNotADate('2024-13-01')).toBe('there is no month 13');
    expect(whyNotADate('2024-00-10')).toBe('there is no month 00');
    expect(whyNotADate('2024-05-00')).toBe('there is no day 00');
    expect(whyNotADate('1899-12-31')).toBe('1899-12-31 is before 1900');
  });

  it('shows how to write what is a date in another form', () => {
    expect(whyNotADate('15.03.2024')).toBe('write 15.03.2024 as 2024-03-15');
    expect(whyNotADate('1.1.2025')).toBe('write 1.1.2025 as 2025-01-01');
    expect(whyNotADate('31.02.2024')).toBe('February 2024 has 29 days, and a date is written YYYY-MM-DD');
    expect(whyNotADate('2024-3-5')).toBe('write the month and the day with two digits each: 2024-03-05');
    expect(whyNotADate('2024-03-15T00:00:00Z')).toBe('a date has no time of day or time zone; write 2024-03-15');
    expect(whyNotADate('2024-03-15 12:00')).toBe('a date has no time of day or time zone; write 2024-03-15');
  });

  it('says nothing of a date, of text nothing like one, or of a long text', () => {
    for (const ok of ['2024-02-29', '2000-02-29', '1900-01-01']) expect(whyNotADate(ok)).toBeUndefined();
    // 03/04/2024 is 4 March or 3 April depending on who wrote it: no guess.
    for (const other of ['tomorrow', '03/04/2024', '', '20240315']) expect(whyNotADate(other)).toBeUndefined();
    expect(dateReason('2024-02-30')).toBe(' (February 2024 has 29 days)');
    expect(dateReason(`2024-02-30${' '.repeat(40)}`)).toBe('');
    expect(dateReason(20240315)).toBe(' (a date is text: "YYYY-MM-DD", in quotes)');
    expect(dateReason(null)).toBe('');
  });
});
