/**
 * Validity periods: valid_to not before valid_from, values in date order, no two values for the
 * same day, and no two versions of a step in force on the same day.
 */
import { isoDate } from '../../calendar/index.ts';
import { at, type Check } from './context.ts';

const show = (d: number) => (Number.isFinite(d) ? isoDate(d) : 'further notice');

export const checkPeriods: Check = ({ series, steps }) => {
  const out = [];
  for (const s of series.values()) {
    s.entries.forEach((e, i) => {
      if (e.to < e.from) out.push(at(e.origin, 'INVALID_PERIOD', `valid_to ${show(e.to)} is before valid_from ${isoDate(e.from)}`));
      const prev = s.entries[i - 1];
      if (!prev) return;
      if (e.from < prev.from) {
        out.push(at(e.origin, 'UNORDERED_PERIODS', `values must be in date order: valid_from ${isoDate(e.from)} comes after ${isoDate(prev.from)} (line ${prev.origin.line})`));
      } else if (e.from <= prev.to) {
        out.push(at(e.origin, 'OVERLAPPING_PERIODS', `valid from ${isoDate(e.from)} overlaps the value at line ${prev.origin.line}, which applies from ${isoDate(prev.from)} to ${show(prev.to)}`));
      }
    });
  }
  const byEvent = new Map<string, typeof steps[number][]>();
  for (const step of steps) byEvent.set(step.event, [...(byEvent.get(step.event) ?? []), step]);
  for (const [event, list] of byEvent) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (a.validFrom <= b.validTo && b.validFrom <= a.validTo) {
          out.push({ code: 'OVERLAPPING_PERIODS', severity: 'error', file: b.file, line: 1, col: 1, pointer: '', message: `both ${a.file} and ${b.file} govern the event ${event} on the same days; give them valid_from/valid_to that do not overlap` } as const);
        }
      }
    }
  }
  return out;
};
