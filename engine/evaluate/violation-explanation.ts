/**
 * The trace entry that explains the figure a violation's message states: its own (a lawful day,
 * an excess: /violations/N/…), or for a fee or salær above its cap, the cap of the fee the same
 * event charged (/fees/K/cap). Undefined when the result has no trace or the violation states no
 * figure (a missing inkassovarsel, a dispute).
 */
import type { Result } from '../types.generated.ts';

export type TraceEntry = Result['trace'][number];

export function violationExplanation(result: Result, index: number): TraceEntry | undefined {
  const v = result.violations[index];
  if (!v) return undefined;
  const own = result.trace.find((t) => t.figure.startsWith(`/violations/${index}/`));
  if (own || !v.code.endsWith('_ABOVE_CAP') || v.eventIndex === undefined) return own;
  const fee = result.fees.findIndex((f) => f.eventIndex === v.eventIndex);
  return fee < 0 ? undefined : result.trace.find((t) => t.figure === `/fees/${fee}/cap`);
}
