/**
 * Conditions in json-rules-engine's format, compiled once into plain synchronous functions.
 *
 * json-rules-engine evaluates every condition through promises and a fresh almanac per run (about
 * a quarter of a millisecond a claim); the same condition compiled to closures over a plain facts
 * object costs nanoseconds. The test suite runs both over the generated corpus and requires
 * identical results (test/differential/).
 */
import { OPERATORS, type OperatorName } from './operators.ts';

export type FactValue = string | number | boolean | null;

/** The facts a condition is checked against: engine facts and parameter values by id. */
export type Facts = Readonly<Record<string, FactValue>>;

export interface Comparison {
  readonly fact: string;
  readonly operator: OperatorName;
  readonly value: FactValue | readonly FactValue[] | { readonly fact: string };
}

export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | Comparison;

export type Test = (facts: Facts) => boolean;

function isFactRef(v: unknown): v is { fact: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'fact' in v;
}

/**
 * Compiles a condition into a function of the facts. As in json-rules-engine, an empty all/any is true.
 * @example compileCondition({ all: [{ fact: 'disputed', operator: 'equal', value: false }] })({ disputed: false }) //=> true
 */
export function compileCondition(c: Condition): Test {
  if ('all' in c) {
    const parts = c.all.map(compileCondition);
    if (parts.length === 1) return parts[0]!;
    return (f) => { for (const p of parts) if (!p(f)) return false; return true; };
  }
  if ('any' in c) {
    const parts = c.any.map(compileCondition);
    if (parts.length === 0) return () => true;
    if (parts.length === 1) return parts[0]!;
    return (f) => { for (const p of parts) if (p(f)) return true; return false; };
  }
  if ('not' in c) {
    const inner = compileCondition(c.not);
    return (f) => !inner(f);
  }
  const op = OPERATORS[c.operator];
  const name = c.fact;
  const value = c.value;
  if (isFactRef(value)) {
    const other = value.fact;
    return (f) => op(f[name], f[other]);
  }
  return (f) => op(f[name], value);
}

/** Every fact name a condition reads, including facts referenced as values. */
export function factsUsed(c: Condition, into = new Set<string>()): Set<string> {
  if ('all' in c) for (const x of c.all) factsUsed(x, into);
  else if ('any' in c) for (const x of c.any) factsUsed(x, into);
  else if ('not' in c) factsUsed(c.not, into);
  else {
    into.add(c.fact);
    if (isFactRef(c.value)) into.add(c.value.fact);
  }
  return into;
}
