/**
 * Every rule object of a kind has the same properties in the same order (engine/rules/build.ts),
 * so that the evaluation reads them from V8's inline caches: a kind with more than four shapes
 * made a third of the findings path's instructions lookups. This keeps a new optional property
 * from bringing a second shape back.
 */
import { describe, expect, it } from 'vitest';
import { loadRules } from '../engine/node.ts';

const keyLists = (objects: readonly object[]) => [...new Set(objects.map((o) => Object.keys(o).join(',')))];

describe('the shapes of a rule set’s objects', () => {
  it('gives every step, fee, requirement, factor, entry and series one list of properties', () => {
    const rules = loadRules();
    const steps = rules.steps;
    const series = [...rules.series.values()];
    const kinds = {
      step: steps,
      fee: steps.flatMap((s) => (s.fee ? [s.fee] : [])),
      requirement: steps.flatMap((s) => [...s.requires, ...(s.fee?.requires ?? [])]),
      factor: steps.flatMap((s) => s.fee?.factors ?? []),
      entry: series.flatMap((s) => s.entries),
      series,
    };
    for (const [kind, objects] of Object.entries(kinds)) {
      expect(objects.length, kind).toBeGreaterThan(1);
      expect(keyLists(objects), kind).toHaveLength(1);
    }
    // The bundled rules have every kind of requirement and factor, so one list covers them all.
    expect(new Set(kinds.requirement.map((r) => r.kind))).toEqual(new Set(['earliest', 'latest', 'conditions', 'interest']));
    expect(new Set(kinds.factor.map((f) => f.kind))).toEqual(new Set(['parameter', 'scale']));
  });
});
