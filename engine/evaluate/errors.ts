/**
 * Why an evaluation could not be completed: the rules have no value for a date the claim needs
 * (a half-year past the last known forsinkelsesrente, a year whose inkassosats is UNCONFIRMED).
 * The engine never guesses a missing value.
 */
import { isoDate, type Day } from '../calendar/index.ts';

export class EvaluationError extends Error {
  readonly code: 'RULE_VALUE_MISSING' | 'NO_STEP_RULE' | 'RULES_NOT_REVIEWED';
  /** The rule id (gebyrer.inkassosats) or step event the evaluation needed. */
  readonly rule: string;
  readonly date: string;
  /** For RULES_NOT_REVIEWED: the last day the rules are reviewed for. */
  readonly reviewedThrough?: string;
  constructor(code: EvaluationError['code'], rule: string, date: Day, message: string, reviewedThrough?: Day) {
    super(message);
    this.name = 'EvaluationError';
    this.code = code;
    this.rule = rule;
    this.date = isoDate(date);
    if (reviewedThrough !== undefined) this.reviewedThrough = isoDate(reviewedThrough);
  }
}
