/**
 * The evaluation asks for its step conditions to be answered, one batch per check: a generator
 * yields { group, facts } and receives one boolean per condition. The engine answers with the
 * compiled functions (evaluate.ts); the differential test and the benchmark answer the same
 * questions with json-rules-engine, so that both paths give the same result by construction.
 */
import type { Facts } from '../conditions/index.ts';
import type { ConditionGroup } from './condition-group.ts';

export interface Ask {
  readonly group: ConditionGroup;
  readonly facts: Facts;
}

export type Evaluation<T> = Generator<Ask, T, boolean[]>;
