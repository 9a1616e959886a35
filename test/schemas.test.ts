/**
 * The schemas are the contracts: every bundled rule file, golden claim and result must satisfy
 * them, the generated types must be fresh, and the condition schema must list exactly the facts
 * the engine provides.
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generateTypes } from '../scripts/generate-types.ts';
import { checkClaim, ENGINE_FACTS, EVENT_NAMES, evaluateClaim, loadRules, readGoldenCases, schemas, validatorFor } from '../engine/node.ts';

const rules = loadRules();
const { cases } = readGoldenCases();

describe('schemas', () => {
  it('every event type of the claim schema has its Norwegian name, but the coming regime\'s kravbrev', () => {
    const types = Object.values(schemas['claim.schema.json'].$defs as Record<string, { properties?: { type?: { const?: string } } }>)
      .map((d) => d.properties?.type?.const)
      .filter((t): t is string => t !== undefined);
    expect(types.length).toBeGreaterThan(10);
    expect(types.filter((t) => EVENT_NAMES[t] === undefined)).toEqual(['kravbrev']);
  });

  it('lets a CSV map name every event type of the claim schema, and no other', () => {
    const types = Object.values(schemas['claim.schema.json'].$defs as Record<string, { properties?: { type?: { const?: string } } }>)
      .map((d) => d.properties?.type?.const)
      .filter((t): t is string => t !== undefined);
    const map = schemas['csv-map.schema.json'] as { properties: { values: { properties: { event_type: { additionalProperties: { enum: string[] } } } } } };
    expect([...map.properties.values.properties.event_type.additionalProperties.enum].sort()).toEqual([...types].sort());
  });

  it('every result of the golden corpus is a valid result document, trace included', () => {
    const validate = validatorFor('result.schema.json');
    for (const c of cases) {
      if (c.case.expected.error) continue;
      const result = evaluateClaim(rules, c.case.claim, { asOf: c.case.as_of, trace: true });
      expect(validate(result), `${c.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(result.trace.length).toBeGreaterThan(0);
    }
  });

  it('every figure the rules decide has a trace entry that names its value, and no entry points at nothing', () => {
    for (const c of cases) {
      if (c.case.expected.error) continue;
      const r = evaluateClaim(rules, c.case.claim, { asOf: c.case.as_of, trace: true });
      const expected = [
        '/interest/total', '/balance/principal', '/balance/fees', '/balance/interest', '/balance/paid', '/balance/outstanding', '/balance/overpaid', '/foreldelse/date',
        ...(r.balance.timeBarred !== undefined ? ['/balance/timeBarred'] : []),
        ...(r.interest.timeBarred !== undefined ? ['/interest/timeBarred'] : []),
        ...r.interest.periods.map((_, i) => `/interest/periods/${i}/amount`),
        ...r.fees.flatMap((_, i) => [`/fees/${i}/cap`, `/fees/${i}/allowed`]),
        ...r.nextSteps.flatMap((_, i) => [`/nextSteps/${i}/earliestDate`, `/nextSteps/${i}/maxFee`]),
        ...r.deadlines.map((_, i) => `/deadlines/${i}/lastDay`),
        ...r.payments.flatMap((_, i) => ['toCosts', 'toInterest', 'toPrincipal', 'overpaid'].map((k) => `/payments/${i}/${k}`)),
        ...(r.salaer ? ['/salaer/lett', '/salaer/tung'] : []),
        // A violation's lawful day or excess, the figure its message states.
        ...r.violations.flatMap((v, i) => (['earliestDate', 'latestDate', 'excess'] as const).filter((k) => v[k] !== undefined).map((k) => `/violations/${i}/${k}`)),
      ];
      const traced = new Map(r.trace.map((t) => [t.figure, t]));
      expect(expected.filter((f) => !traced.has(f)), c.id).toEqual([]);
      // And the message states it: no placeholder is left unfilled.
      expect(r.violations.map((v) => v.message).filter((m) => /\{[\w.-]+\}/.test(m)), c.id).toEqual([]);
      for (const t of r.trace) {
        // The value in the trace is the figure in the result.
        let node: unknown = r;
        for (const seg of t.figure.split('/').slice(1)) node = (node as Record<string, unknown>)[seg];
        expect(node, `${c.id} ${t.figure}`).toBe(t.value);
        // And it says in words why (explanations are written only when tracing, so check them here).
        expect(t.explanation.trim(), `${c.id} ${t.figure}`).not.toBe('');
      }
      // A fee or a next step's fee above zero rests on rule values the trace names.
      for (const t of r.trace) {
        if (/^\/(fees\/\d+\/cap|nextSteps\/\d+\/maxFee)$/.test(t.figure) && t.value !== '0.00') expect(t.rules.length, `${c.id} ${t.figure}`).toBeGreaterThan(0);
      }
    }
  });

  it('claims survive a JSON round trip unchanged and still validate', () => {
    for (const c of cases) {
      const back = JSON.parse(JSON.stringify(c.case.claim));
      expect(back).toEqual(c.case.claim);
      expect(checkClaim(back).ok, c.id).toBe(true);
    }
  });

  it('rule files survive a YAML round trip with the same content', () => {
    for (const s of rules.sources) {
      const data = parse(s.text);
      expect(parse(stringify(data)), s.path).toEqual(data);
    }
  });

  it('the generated TypeScript types are up to date (npm run gen:types)', async () => {
    const current = readFileSync(new URL('../engine/types.generated.ts', import.meta.url), 'utf8');
    expect(current).toBe(await generateTypes());
  });

  it('the condition schema offers exactly the facts the engine computes, each with a description', () => {
    const fact = (schemas['condition.schema.json'] as { $defs: { fact: { anyOf: { enum?: string[]; markdownEnumDescriptions?: string[] }[] } } }).$defs.fact.anyOf[0]!;
    expect(fact.enum).toEqual(Object.keys(ENGINE_FACTS));
    expect(fact.markdownEnumDescriptions).toHaveLength(fact.enum!.length);
  });

  it('the violation codes in the step schema and the engine agree', () => {
    const codes = (schemas['step.schema.json'] as { $defs: { violationCode: { enum: string[] } } }).$defs.violationCode.enum;
    const ruleSetSource = readFileSync(new URL('../engine/rules/rule-set.ts', import.meta.url), 'utf8');
    const declared = /export type ViolationCode =([\s\S]*?);/.exec(ruleSetSource)![1]!.match(/'([A-Z_]+)'/g)!.map((s) => s.slice(1, -1));
    expect([...declared].sort()).toEqual([...codes].sort());
  });
});
