export { checkReviewed, evaluate, evaluateClaim, evaluateFindings, evaluateWith, evaluation, type EvaluateOptions, type Findings } from './evaluate.ts';
export type { FeeRecord, ViolationRecord } from './records.ts';
export type { Warning } from './context.ts';
export { EvaluationError } from './errors.ts';
export { conditionGroup, answerCompiled, type ConditionGroup } from './condition-group.ts';
export type { Ask, Evaluation } from './ask.ts';
export { entryAt, requireEntry } from './lookup.ts';
export { feeCapFor } from './cap-for.ts';
export { letterRuleFor, fieldsFor } from './letter-check.ts';
