/**
 * The trace entry that explains the figure a violation's message states: its own (a lawful day,
 * an excess: /violations/N/…); for a fee or salær above its cap, the cap of the fee the same event
 * charged (/fees/K/cap); for a deadline too short, the lawful last day of the letter's deadline
 * (/deadlines/K/lastDay, which rests on the statutory minimum). Undefined when the result has no
 * trace or the violation states no figure (a missing inkassovarsel, a dispute).
 */
import type { Result } from '../types.generated.ts';

export type TraceEntry = Result['trace'][number];

export function violationExplanation(result: Result, index: number): TraceEntry | undefined {
  const v = result.violations[index];
  if (!v) return undefined;
  const own = result.trace.find((t) => t.figure.startsWith(`/violations/${index}/`));
  if (own || v.eventIndex === undefined) return own;
  if (v.code.endsWith('_ABOVE_CAP')) {
    const fee = result.fees.findIndex((f) => f.eventIndex === v.eventIndex);
    return fee < 0 ? undefined : result.trace.find((t) => t.figure === `/fees/${fee}/cap`);
  }
  if (v.code === 'DEADLINE_TOO_SHORT') {
    const deadline = result.deadlines.findIndex((d) => d.eventIndex === v.eventIndex);
    return deadline < 0 ? undefined : result.trace.find((t) => t.figure === `/deadlines/${deadline}/lastDay`);
  }
  return undefined;
}
