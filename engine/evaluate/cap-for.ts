/**
 * The cap of a step's fee for a claim on a day, outside an evaluation: what a creditor may charge
 * for a purring sent on that day, say. The claim generator uses it to write lawful histories; the
 * editor's forms use it to show what a new rate means. As an evaluation, it gives no cap for a day
 * after the rules' review horizon (RULES_NOT_REVIEWED): a rate not yet set is not last year's.
 */
import { day as toDay, type Day } from '../calendar/index.ts';
import type { Ore } from '../money/index.ts';
import { RULE_IDS, type RuleSet, type StepEvent } from '../rules/index.ts';
import type { Claim } from '../types.generated.ts';
import { answerCompiled, conditionGroup } from './condition-group.ts';
import { createContext } from './context.ts';
import { EvaluationError } from './errors.ts';
import { checkReviewed } from './evaluate.ts';
import { Question } from './facts.ts';
import { feeCap } from './fee-cap.ts';
import { prepareClaim } from './prepare.ts';
import { initialState } from './state.ts';

export function feeCapFor(rules: RuleSet, claim: Claim, event: StepEvent, date: string, column?: string): Ore {
  const on: Day = toDay(date);
  checkReviewed(rules, on);
  const step = rules.steps.find((s) => s.event === event && s.validFrom <= on && on <= s.validTo);
  if (!step?.fee) throw new EvaluationError('NO_STEP_RULE', event, on, `no step rule with a fee governs ${event} on ${date}`);
  const ctx = createContext(rules, prepareClaim({ ...claim, events: [] }, on), on, false);
  const state = initialState(ctx.claim.principal, ctx.claim.due + 1, { start: ctx.claim.due, date: Number.MAX_SAFE_INTEGER, pending: false, rule: RULE_IDS.foreldelsesfrist, uses: [], interruptions: [] });
  const group = conditionGroup(step);
  const answers = answerCompiled(new Question(ctx, state, group, on, true, 0));
  return feeCap(ctx, state, step, group, answers, on, column).cap;
}
