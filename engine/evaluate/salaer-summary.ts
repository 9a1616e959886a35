/**
 * For fremmedinkasso: the lawful maximum salær, lett and tung, on the day the claim was paid in
 * full (or the as-of date), with the dates from which each may be charged.
 */
import type { Day } from '../calendar/index.ts';
import type { Ore } from '../money/index.ts';
import type { Factor, Step } from '../rules/index.ts';
import type { Evaluation } from './ask.ts';
import { conditionGroup } from './condition-group.ts';
import type { Context, RuleUse } from './context.ts';
import { Question } from './facts.ts';
import { feeCap } from './fee-cap.ts';
import type { State } from './state.ts';
import { threshold } from './timeline.ts';
import { appliesToDebtor } from './requirement.ts';

export interface SalaerSummary {
  readonly day: Day;
  readonly band: Ore;
  readonly lett: Ore;
  readonly tung: Ore;
  readonly applies: 'none' | 'lett' | 'tung';
  readonly lettFrom?: Day;
  readonly tungFrom?: Day;
  readonly lettExplanation: string;
  readonly tungExplanation: string;
  readonly uses: readonly RuleUse[];
}

export function* salaerSummary(ctx: Context, state: State): Evaluation<SalaerSummary | null> {
  if (ctx.claim.collection !== 'fremmedinkasso') return null;
  const on = state.coveredDay ?? ctx.asOf;
  const step: Step | undefined = ctx.rules.steps.find((s) => s.event === 'salaer' && s.validFrom <= on && on <= s.validTo);
  if (!step?.fee) return null;
  const scale = step.fee.factors.find((f): f is Extract<Factor, { kind: 'scale' }> => f.kind === 'scale');
  if (!scale) return null;
  const group = conditionGroup(step);
  const answers = yield new Question(ctx, state, group, on, true, 0);
  const columns = [scale.defaultColumn, ...scale.switches.map((s) => s.column)];
  const lett = feeCap(ctx, state, step, group, answers, on, columns[0]);
  const tung = feeCap(ctx, state, step, group, answers, on, columns[columns.length - 1]);
  let lettFrom: Day | undefined;
  let missing = false;
  for (const r of step.requires) {
    if (r.kind !== 'earliest' || !appliesToDebtor(ctx, r)) continue;
    const t = threshold(ctx, state, r.when, on);
    if (t === undefined) missing = true;
    else if (lettFrom === undefined || t > lettFrom) lettFrom = t;
  }
  if (missing) lettFrom = undefined;
  const sw = scale.switches[scale.switches.length - 1];
  const tungFrom = sw && lettFrom !== undefined ? threshold(ctx, state, sw.from, on) : undefined;
  // None may be charged on a day the step's conditions do not hold (a dispute not yet assessed,
  // inkassoloven § 17 annet ledd; a time-barred claim), whatever the dates allow.
  const conditionsHold = step.requires.every((r, i) => r.kind !== 'conditions' || answers[group.requirePositions[i]!] === true);
  const applies = !conditionsHold || lettFrom === undefined || on < lettFrom ? 'none' : tungFrom !== undefined && on >= tungFrom ? 'tung' : 'lett';
  return {
    day: on,
    band: scale.band === 'principal' ? ctx.claim.principal : ctx.claim.principal + ctx.claim.interestBeforeDue,
    lett: lett.cap,
    tung: tung.cap,
    applies,
    ...(lettFrom !== undefined ? { lettFrom } : {}),
    ...(tungFrom !== undefined ? { tungFrom } : {}),
    lettExplanation: lett.explanation,
    tungExplanation: tung.explanation,
    uses: [...lett.uses, ...tung.uses],
  };
}
