/**
 * A series marked continuous (forsinkelsesrente, standardkompensasjon) must have a value for every
 * day from its first to its last entry, except the holes declared under gaps with their reason.
 * Declared gaps must not cover a day that has a value.
 */
import { isoDate } from '../../calendar/index.ts';
import { at, type Check } from './context.ts';

export const checkContinuousSeries: Check = ({ series }) => {
  const out = [];
  for (const s of series.values()) {
    for (const g of s.gaps) {
      const clash = s.entries.find((e) => e.from <= g.to && g.from <= e.to);
      if (clash) out.push(at(g.origin, 'GAP_OVERLAPS_VALUE', `the gap ${isoDate(g.from)} to ${isoDate(g.to)} covers days that have a value (line ${clash.origin.line})`));
      if (g.to < g.from) out.push(at(g.origin, 'INVALID_PERIOD', `gap ends (${isoDate(g.to)}) before it starts (${isoDate(g.from)})`));
    }
    if (!s.continuous) continue;
    const sorted = [...s.entries].sort((a, b) => a.from - b.from);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const next = sorted[i]!;
      if (!Number.isFinite(prev.to) || next.from <= prev.to + 1) continue;
      // Days prev.to+1 … next.from-1 have no value: each must lie in a declared gap.
      let d = prev.to + 1;
      const gaps = [...s.gaps].sort((a, b) => a.from - b.from);
      for (const g of gaps) if (g.from <= d && g.to >= d) d = g.to + 1;
      if (d <= next.from - 1) {
        out.push(at(next.origin, 'GAP_IN_SERIES', `no value from ${isoDate(d)} to ${isoDate(next.from - 1)}: the series must be continuous; add the missing value or declare the gap under gaps with its reason`));
      }
    }
  }
  return out;
};
