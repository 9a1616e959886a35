/**
 * All the conditions of one step in one list (the step's requirements, its fee's requirements,
 * the `when` of its cap factors), so that one check of a claim's facts answers them together: by
 * the compiled functions in the engine, or by json-rules-engine's Engine.run in the differential
 * test and the benchmark. Built once per step and cached.
 */
import { compileList, factsUsed, type Condition, type Facts, type ListTest, type Test } from '../conditions/index.ts';
import { DYNAMIC_FACT, isEngineFact, type Step } from '../rules/index.ts';

export interface DynamicFact {
  readonly name: string;
  readonly kind: 'lettersSent' | 'feesCharged';
  /** The step event or the fee count it names. */
  readonly key: string;
}

export interface ConditionGroup {
  readonly step: Step;
  readonly conditions: readonly Condition[];
  readonly tests: readonly Test[];
  /** All of them answered by one generated function (engine/conditions/compile-list.ts). */
  readonly answer: ListTest;
  /** Parameter ids the conditions read as facts. */
  readonly parameterFacts: readonly string[];
  /** Facts named after letters and fee counts (lettersSent.<event>, feesCharged.<count>), read once. */
  readonly dynamicFacts: readonly DynamicFact[];
  /** Position of a requirement's or factor's condition in the list. */
  readonly indexOf: ReadonlyMap<object, number>;
}

const cache = new WeakMap<Step, ConditionGroup>();

export function conditionGroup(step: Step): ConditionGroup {
  let g = cache.get(step);
  if (g) return g;
  const conditions: Condition[] = [];
  const tests: Test[] = [];
  const indexOf = new Map<object, number>();
  const add = (owner: object, c: Condition, t: Test) => {
    indexOf.set(owner, conditions.length);
    conditions.push(c);
    tests.push(t);
  };
  for (const r of step.requires) if (r.kind === 'conditions') add(r, r.condition, r.test);
  for (const r of step.fee?.requires ?? []) if (r.kind === 'conditions') add(r, r.condition, r.test);
  for (const f of step.fee?.factors ?? []) if (f.when) add(f, f.when.condition, f.when.test);
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
  g = { step, conditions, tests, answer: compileList(conditions), parameterFacts: [...params], dynamicFacts, indexOf };
  cache.set(step, g);
  return g;
}

/** Answers every condition of a group with the compiled function. */
export function answerCompiled(group: ConditionGroup, facts: Facts): boolean[] {
  return group.answer(facts);
}
