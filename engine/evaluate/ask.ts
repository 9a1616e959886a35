/**
 * The evaluation asks for its step conditions to be answered, one question per check: a generator
 * yields a Question (a step's conditions on a day, engine/evaluate/facts.ts) and receives one
 * boolean per condition. The engine answers with the group's generated function, which reads only
 * the facts it needs (evaluate.ts); the differential test and the benchmark answer the same
 * questions with json-rules-engine from the question's facts object, so that both paths give the
 * same result by construction.
 */
import type { Question } from './facts.ts';

/** One question: `group` names the conditions, `facts` is every fact as a plain object (built when read). */
export type Ask = Question;

export type Evaluation<T> = Generator<Question, T, boolean[]>;
