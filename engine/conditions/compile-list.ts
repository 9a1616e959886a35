/**
 * A list of conditions compiled into one generated JavaScript function that answers them all, as
 * Ajv compiles a schema: each fact read by its name written into the code, each operator called
 * directly, all / any / not written as && / || / !. A step's conditions are answered together at
 * every event and for every candidate next step; one function with its own property reads and
 * calls runs several times faster than the closures of compileCondition, whose shared code reads
 * every fact of every rule through one keyed lookup.
 *
 * Same answers as compileCondition, condition by condition (checked on random conditions in the
 * tests, and against json-rules-engine by the differential test). Only names and JSON values of a
 * checked rule set go into the code, each written with JSON.stringify; where the runtime forbids
 * generated code (node --disallow-code-generation-from-strings, a strict Content-Security-Policy),
 * the closures answer instead.
 */
import { compileCondition, type Condition, type Facts } from './condition.ts';
import { OPERATORS, type OperatorName } from './operators.ts';

/** Answers every condition of a list, in its order. */
export type ListTest = (facts: Facts) => boolean[];

function isFactRef(v: unknown): v is { fact: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'fact' in v;
}

/** The closures of compileCondition, one per condition: the fallback, and the reference. */
export function compileListWithClosures(conditions: readonly Condition[]): ListTest {
  const tests = conditions.map(compileCondition);
  return (facts) => {
    const out = new Array<boolean>(tests.length);
    for (let i = 0; i < tests.length; i++) out[i] = tests[i]!(facts);
    return out;
  };
}

/**
 * How the generated code reads a fact: by default `facts[name]` from a plain facts object; the
 * engine reads its facts from a question instead, each fact once into a local (condition-group.ts).
 */
export interface FactSource {
  /** The generated function's one argument. */
  readonly arg: string;
  /** Statements run before the answers (reading the facts the conditions use). */
  readonly preamble: string;
  /** The expression for a fact's value. */
  fact(name: string): string;
  /** Values the code names (readers, descriptors), passed in by name. */
  readonly bound: ReadonlyMap<string, unknown>;
}

const FROM_OBJECT: FactSource = { arg: 'f', preamble: '', fact: (name) => `f[${JSON.stringify(name)}]`, bound: new Map() };

/**
 * One function answering every condition of the list, in its order, or undefined where the
 * runtime forbids generated code.
 */
export function generateList<A>(conditions: readonly Condition[], source: FactSource = FROM_OBJECT): ((arg: A) => boolean[]) | undefined {
  const operators: OperatorName[] = [];
  /** Values that are not plain literals (lists for in / notIn), passed in by reference. */
  const constants: unknown[] = [];
  const op = (name: OperatorName) => {
    if (!Object.hasOwn(OPERATORS, name)) throw new Error(`unknown operator ${JSON.stringify(name)}`);
    let i = operators.indexOf(name);
    if (i < 0) i = operators.push(name) - 1;
    return `op${i}`;
  };
  const literal = (v: unknown): string => {
    if (v === null || typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return JSON.stringify(v);
    return `k${constants.push(v) - 1}`;
  };
  const expr = (c: Condition): string => {
    if ('all' in c) return c.all.length === 0 ? 'true' : `(${c.all.map(expr).join(' && ')})`;
    if ('any' in c) return c.any.length === 0 ? 'true' : `(${c.any.map(expr).join(' || ')})`;
    if ('not' in c) return `!${expr(c.not)}`;
    const value = isFactRef(c.value) ? source.fact(c.value.fact) : literal(c.value);
    return `${op(c.operator)}(${source.fact(c.fact)}, ${value})`;
  };
  const answers = conditions.map(expr).join(', ');
  const names = [...operators.map((_, i) => `op${i}`), ...constants.map((_, i) => `k${i}`), ...source.bound.keys()];
  const values = [...operators.map((n) => OPERATORS[n]), ...constants, ...source.bound.values()];
  try {
    const make = new Function(...names, `'use strict'; return function answers(${source.arg}) { ${source.preamble} return [${answers}]; };`) as (...args: unknown[]) => (arg: A) => boolean[];
    return make(...values);
  } catch (e) {
    if (e instanceof EvalError) return undefined;
    throw e;
  }
}

/** Answers every condition of a list from a plain facts object. */
export function compileList(conditions: readonly Condition[]): ListTest {
  return generateList<Facts>(conditions) ?? compileListWithClosures(conditions);
}
