/**
 * All the conditions of one step in one list (the step's requirements, its fee's requirements,
 * the `when` of its cap factors, the `unless` of its latest dates), so that one check of a
 * claim's facts answers them together: by a function generated for the group in the engine, or by
 * json-rules-engine's Engine.run in the differential test and the benchmark. Built once per step
 * and cached.
 */
import { compileList, factsUsed, generateList, type Condition, type FactSource, type ListTest } from '../conditions/index.ts';
import { DYNAMIC_FACT, ENGINE_FACTS, isEngineFact, type EngineFact, type Requirement, type Step } from '../rules/index.ts';
import { dynamicFact, FACT_READERS, parameterFact, type Question } from './facts.ts';

export interface DynamicFact {
  readonly name: string;
  readonly kind: 'lettersSent' | 'feesCharged';
  /** The step event or the fee count it names. */
  readonly key: string;
}

export interface ConditionGroup {
  readonly step: Step;
  readonly conditions: readonly Condition[];
  /** All of them answered by one generated function from a facts object (engine/conditions/compile-list.ts). */
  readonly answer: ListTest;
  /** The same, from a question: only the facts the conditions use are read, each once. */
  readonly answerQuestion: (q: Question) => boolean[];
  /** Parameter ids the conditions read as facts. */
  readonly parameterFacts: readonly string[];
  /** Facts named after letters and fee counts (lettersSent.<event>, feesCharged.<count>), read once. */
  readonly dynamicFacts: readonly DynamicFact[];
  /**
   * Where each requirement's condition is in the list, by the requirement's index in
   * step.requires (-1 for a requirement that is not a condition); the same for the fee's
   * requirements and for its cap factors' `when`.
   */
  readonly requirePositions: readonly number[];
  readonly feeRequirePositions: readonly number[];
  readonly factorPositions: readonly number[];
  /** Where the `unless` of each latest-date requirement is (-1: none), by index in step.requires; the same for the fee's. */
  readonly requireUnlessPositions: readonly number[];
  readonly feeRequireUnlessPositions: readonly number[];
}

const cache = new WeakMap<Step, ConditionGroup>();

export function conditionGroup(step: Step): ConditionGroup {
  let g = cache.get(step);
  if (g) return g;
  const conditions: Condition[] = [];
  const add = (c: Condition): number => conditions.push(c) - 1;
  const requirePositions = step.requires.map((r) => (r.kind === 'conditions' ? add(r.condition) : -1));
  const feeRequirePositions = (step.fee?.requires ?? []).map((r) => (r.kind === 'conditions' ? add(r.condition) : -1));
  const factorPositions = (step.fee?.factors ?? []).map((f) => (f.when ? add(f.when.condition) : -1));
  const unlessOf = (r: Requirement) => (r.kind === 'latest' && r.unless ? add(r.unless.condition) : -1);
  const requireUnlessPositions = step.requires.map(unlessOf);
  const feeRequireUnlessPositions = (step.fee?.requires ?? []).map(unlessOf);
  const params = new Set<string>();
  const dynamic = new Set<string>();
  for (const c of conditions) {
    for (const name of factsUsed(c)) {
      if (DYNAMIC_FACT.test(name)) dynamic.add(name);
      else if (!isEngineFact(name)) params.add(name);
    }
  }
  const dynamicFacts = [...dynamic].map((name) => {
    const m = DYNAMIC_FACT.exec(name)!;
    return { name, kind: m[1] as DynamicFact['kind'], key: m[2]! };
  });
  const parameterFacts = [...params];
  const answer = compileList(conditions);
  // Where generated code is not allowed, `answer` is the closures, over the question's facts object.
  const answerQuestion = generateList<Question>(conditions, questionSource(conditions, parameterFacts, dynamicFacts)) ?? ((q: Question) => answer(q.facts));
  g = { step, conditions, answer, answerQuestion, parameterFacts, dynamicFacts, requirePositions, feeRequirePositions, factorPositions, requireUnlessPositions, feeRequireUnlessPositions };
  cache.set(step, g);
  return g;
}

/**
 * How a group's generated answer reads its facts from a question: each engine fact its conditions
 * use by its reader, then every parameter the conditions name (all of them and in the group's
 * order, as buildFacts reads them: a parameter is traced and may warn), then the letter and fee
 * counts; each into a local the conditions then read.
 */
function questionSource(conditions: readonly Condition[], parameterFacts: readonly string[], dynamicFacts: readonly DynamicFact[]): FactSource {
  const local = new Map<string, string>();
  const bound = new Map<string, unknown>([['parameterFact', parameterFact], ['dynamicFact', dynamicFact]]);
  const lines: string[] = [];
  const used = new Set<string>();
  for (const c of conditions) factsUsed(c, used);
  for (const name of used) {
    if (!Object.hasOwn(ENGINE_FACTS, name)) continue;
    const v = `v${local.size}`;
    bound.set(`read_${v}`, FACT_READERS[name as EngineFact]);
    lines.push(`const ${v} = read_${v}(q);`);
    local.set(name, v);
  }
  for (const id of parameterFacts) {
    const v = `v${local.size}`;
    lines.push(`const ${v} = parameterFact(q.ctx, ${JSON.stringify(id)}, q.on);`);
    local.set(id, v);
  }
  for (const f of dynamicFacts) {
    const v = `v${local.size}`;
    bound.set(`fact_${v}`, f);
    lines.push(`const ${v} = dynamicFact(q, fact_${v});`);
    local.set(f.name, v);
  }
  // A name that is none of these reads as undefined, as it would from the facts object.
  return { arg: 'q', preamble: lines.join(' '), fact: (name) => local.get(name) ?? 'undefined', bound };
}

/** Answers every condition of a question's group with the compiled function. */
export function answerCompiled(q: Question): boolean[] {
  return q.group.answerQuestion(q);
}
