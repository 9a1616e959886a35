/**
 * The compiled conditions and json-rules-engine's Engine.run give the same answers to every
 * question the evaluation asks, and therefore the same result, over the generated corpus.
 */
import { describe, expect, it } from 'vitest';
import { answerCompiled, evaluateClaim, evaluateWith, loadRules, readGoldenCases, type Ask } from '../../engine/node.ts';
import { generateClaims } from '../../engine/replay/generate.ts';
import { jsonRulesEngineAnswerer } from '../support/json-rules-engine.ts';

const rules = loadRules();

describe('compiled conditions against json-rules-engine', () => {
  it('fire the same events and give identical results for 1 500 generated claims', async () => {
    const jre = jsonRulesEngineAnswerer();
    let questions = 0;
    for (const g of generateClaims(rules, { count: 1500, seed: 7, violationShare: 0.4 })) {
      const answer = async (ask: Ask) => {
        const viaJre = await jre(ask);
        // The generated function over the same facts object (reading the question itself again
        // would trace its parameters twice; the engine's own path is compared below, untraced).
        expect(viaJre, `${g.claim.id}: ${ask.group.step.id}`).toEqual(ask.group.answer(ask.facts));
        questions++;
        return viaJre;
      };
      const naive = await evaluateWith(rules, g.claim, { asOf: g.asOf }, answer);
      expect(naive).toEqual(evaluateClaim(rules, g.claim, { asOf: g.asOf }));
    }
    expect(questions).toBeGreaterThan(5000);
  });

  it('give identical results over the golden corpus (legal steps, judgments and the unless of a latest date included)', async () => {
    const jre = jsonRulesEngineAnswerer();
    const { cases } = readGoldenCases();
    let compared = 0;
    for (const { id, case: c } of cases) {
      if (c.expected.error) continue;
      const viaJre = await evaluateWith(rules, c.claim, { asOf: c.as_of }, jre);
      expect(viaJre, id).toEqual(evaluateClaim(rules, c.claim, { asOf: c.as_of }));
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('read the same facts from a question as from its facts object', async () => {
    // Untraced, reading a question twice changes nothing (its parameters' warnings are kept once).
    let questions = 0;
    for (const g of generateClaims(rules, { count: 1500, seed: 11, violationShare: 0.4 })) {
      const answer = async (ask: Ask) => {
        const fromQuestion = answerCompiled(ask);
        expect(fromQuestion, `${g.claim.id}: ${ask.group.step.id}`).toEqual(ask.group.answer(ask.facts));
        questions++;
        return fromQuestion;
      };
      const viaBoth = await evaluateWith(rules, g.claim, { asOf: g.asOf, trace: false }, answer);
      expect(viaBoth).toEqual(evaluateClaim(rules, g.claim, { asOf: g.asOf, trace: false }));
    }
    expect(questions).toBeGreaterThan(5000);
  });
});
