import type { Diagnostic, DiagnosticCode } from '../diagnostic.ts';
import type { LetterRule, Origin, Regime, Review, Series, Step } from '../rule-set.ts';

export interface CheckContext {
  readonly series: ReadonlyMap<string, Series>;
  readonly steps: readonly Step[];
  /** Ids of parameter and policy files that failed to parse or validate; references to them are not reported again. */
  readonly broken: ReadonlySet<string>;
  readonly regimes: ReadonlyMap<string, Regime>;
  readonly review: Review | undefined;
  readonly letters: readonly LetterRule[];
}

export type Check = (ctx: CheckContext) => Diagnostic[];

/** A diagnostic at a rule's origin, optionally at a property below it. */
export function at(origin: Origin, code: DiagnosticCode, message: string): Diagnostic {
  return { code, severity: 'error', file: origin.file, line: origin.line, col: origin.col, pointer: origin.pointer, message };
}

/** A diagnostic about the rule set as a whole (a missing file). */
export function whole(file: string, code: DiagnosticCode, message: string): Diagnostic {
  return { code, severity: 'error', file, line: 0, col: 0, pointer: '', message };
}
