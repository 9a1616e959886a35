import { Engine } from 'json-rules-engine';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCondition, compileList, compileListWithClosures, factsUsed, type Condition, type Facts } from './index.ts';

async function jre(condition: Condition, facts: Record<string, unknown>): Promise<boolean> {
  const engine = new Engine([{ conditions: condition as never, event: { type: 'pass' } }], { allowUndefinedFacts: true });
  const { events } = await engine.run(facts);
  return events.length === 1;
}

describe('compiled conditions', () => {
  it('read facts and parameter references like json-rules-engine', () => {
    const c: Condition = { all: [{ fact: 'purregebyrBefore', operator: 'lessThan', value: { fact: 'gebyrer.maks' } }, { not: { fact: 'disputed', operator: 'equal', value: true } }] };
    const t = compileCondition(c);
    expect(t({ purregebyrBefore: 1, 'gebyrer.maks': 2, disputed: false })).toBe(true);
    expect(t({ purregebyrBefore: 2, 'gebyrer.maks': 2, disputed: false })).toBe(false);
    expect([...factsUsed(c)]).toEqual(['purregebyrBefore', 'gebyrer.maks', 'disputed']);
  });

  it('give the same answer as json-rules-engine on random conditions and facts', async () => {
    const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b', '2', '', 'NaN'), fc.boolean(), fc.constant(null), fc.constantFrom(Number.NaN, 1.5));
    const comparison = fc.record({
      fact: fc.constantFrom('x', 'y', 'z'),
      operator: fc.constantFrom('equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn'),
      value,
    }).map((c) => ((c.operator === 'in' || c.operator === 'notIn') ? { ...c, value: [c.value, 1, 'a'] } : c) as Condition);
    const { condition } = fc.letrec((tie) => ({
      condition: fc.oneof({ depthSize: 'small' }, comparison,
        fc.record({ all: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
        fc.record({ any: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
        fc.record({ not: tie('condition') })),
    }));
    const facts = fc.record({ x: value, y: value, z: value });
    // At the top, json-rules-engine (like the schema) takes all, any or not.
    await fc.assert(fc.asyncProperty(condition as fc.Arbitrary<Condition>, facts, async (inner, f) => {
      const c: Condition = { all: [inner] };
      expect(compileCondition(c)(f)).toBe(await jre(c, f));
    }), { numRuns: 500 });
  });
});

describe('a list of conditions compiled into one function', () => {
  const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b', '2', '', 'NaN', '1e3'), fc.boolean(), fc.constant(null), fc.constantFrom(Number.NaN, 1.5, -0));
  const comparison = fc.record({
    fact: fc.constantFrom('x', 'y', 'gebyr.maks'),
    operator: fc.constantFrom('equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn', 'contains', 'doesNotContain'),
    value: fc.oneof(value, fc.constantFrom({ fact: 'y' }, { fact: 'gebyr.maks' })),
  }).map((c) => ((c.operator === 'in' || c.operator === 'notIn') ? { ...c, value: [typeof c.value === 'object' && c.value !== null ? 'b' : c.value, 1, 'a'] } : c) as Condition);
  const { condition } = fc.letrec((tie) => ({
    condition: fc.oneof({ depthSize: 'small' }, comparison,
      fc.record({ all: fc.array(tie('condition'), { maxLength: 3 }) }),
      fc.record({ any: fc.array(tie('condition'), { maxLength: 3 }) }),
      fc.record({ not: tie('condition') })),
  }));
  const facts = fc.record({ x: fc.oneof(value, fc.constant(['a', 1])), y: value, 'gebyr.maks': value });

  it('answers each condition as its own compiled test does', () => {
    fc.assert(fc.property(fc.array(condition as fc.Arbitrary<Condition>, { maxLength: 6 }), facts, (list, raw) => {
      // A list among the facts too (contains / doesNotContain read one), which FactValue does not name.
      const f = raw as unknown as Facts;
      const expected = list.map((c) => compileCondition(c)(f));
      expect(compileList(list)(f)).toEqual(expected);
      expect(compileListWithClosures(list)(f)).toEqual(expected);
    }), { numRuns: 2000 });
  });

  it('writes names and values into its code as data, never as code', () => {
    const name = 'x"]; globalThis.injected = true; //';
    const text = "'); globalThis.injected = true; ('";
    const answer = compileList([{ fact: name, operator: 'equal', value: text }, { fact: 'n', operator: 'in', value: [text, 2] }]);
    expect(answer({ [name]: text, n: 2 })).toEqual([true, true]);
    expect((globalThis as { injected?: boolean }).injected).toBeUndefined();
  });
});

