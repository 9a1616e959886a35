/**
 * Values that pass the schema but make no legal sense: a fraction outside 0..1, a policy value
 * that is not one of its choices, a scale whose brackets are out of order or miss a column.
 */
import { formatAmount, isBetween0And1 } from '../../money/index.ts';
import { at, type Check } from './context.ts';

export const checkValues: Check = ({ series }) => {
  const out = [];
  for (const s of series.values()) {
    for (const e of s.entries) {
      const v = e.value;
      if (v.unit === 'fraction' && !isBetween0And1(v.exact)) {
        out.push(at(e.origin, 'FRACTION_OUT_OF_RANGE', `the fraction ${e.text} is outside 0..1`));
      }
      if (v.unit === 'choice' && s.choices && !(v.choice in s.choices)) {
        out.push(at(e.origin, 'UNKNOWN_CHOICE', `'${v.choice}' is not one of the choices of this policy (${Object.keys(s.choices).join(', ')})`));
      }
      if (v.unit === 'scale') {
        v.brackets.forEach((b, i) => {
          const prev = v.brackets[i - 1];
          if (prev && b.upTo <= prev.upTo) out.push(at(e.origin, 'INVALID_SCALE', `bracket ${i + 1} (up to ${formatAmount(b.upTo)}) must be above bracket ${i} (up to ${Number.isFinite(prev.upTo) ? formatAmount(prev.upTo) : 'everything'})`));
          if (!Number.isFinite(b.upTo) && i !== v.brackets.length - 1) out.push(at(e.origin, 'INVALID_SCALE', `only the last bracket may leave out up_to`));
          const keys = Object.keys(b.rates).sort().join(',');
          if (s.columns && keys !== [...s.columns].sort().join(',')) out.push(at(e.origin, 'INVALID_SCALE', `bracket ${i + 1} has rates for ${keys}, but the scale's columns are ${s.columns.join(', ')}`));
        });
        const last = v.brackets[v.brackets.length - 1];
        if (last && Number.isFinite(last.upTo)) out.push(at(e.origin, 'INVALID_SCALE', `the last bracket must leave out up_to, so that every amount has a bracket`));
      }
    }
  }
  return out;
};
