/**
 * json-rules-engine's built-in operators, one line each, with the same semantics as its
 * engine-default-operators.js (including the check that the fact of a numeric comparison parses
 * as a number), so that a compiled condition and json-rules-engine always agree.
 */
import type { FactValue } from './condition.ts';

export type OperatorName =
  | 'equal' | 'notEqual' | 'in' | 'notIn' | 'contains' | 'doesNotContain'
  | 'lessThan' | 'lessThanInclusive' | 'greaterThan' | 'greaterThanInclusive';

type Compare = (fact: unknown, value: unknown) => boolean;

/*
 * json-rules-engine's check that a fact parses as a number. For a fact that is a number already
 * (nearly always) it holds exactly when the number is not NaN: parseFloat of a number's own text
 * gives the number back. Written so, no text is made for each comparison.
 */
const isNumberLike = (v: unknown) => (typeof v === 'number' ? v === v : Number.parseFloat(v as string).toString() !== 'NaN');
const numeric = (cmp: (a: number, b: number) => boolean): Compare => (a, b) => isNumberLike(a) && cmp(a as number, b as number);
const list = (cmp: (a: FactValue[], b: unknown) => boolean): Compare => (a, b) => Array.isArray(a) && cmp(a, b);

export const OPERATORS: Readonly<Record<OperatorName, Compare>> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => (b as unknown[]).indexOf(a) > -1,
  notIn: (a, b) => (b as unknown[]).indexOf(a) === -1,
  contains: list((a, b) => a.indexOf(b as FactValue) > -1),
  doesNotContain: list((a, b) => a.indexOf(b as FactValue) === -1),
  lessThan: numeric((a, b) => a < b),
  lessThanInclusive: numeric((a, b) => a <= b),
  greaterThan: numeric((a, b) => a > b),
  greaterThanInclusive: numeric((a, b) => a >= b),
};

export const OPERATOR_NAMES = Object.keys(OPERATORS) as OperatorName[];
