/**
 * Regimes, points and the review horizon: a step's regime exists and is in force for the step's
 * whole validity (a regime without an in-force date has no steps yet); every point a step names
 * (<event>.sent, first_<event>.deadline …) is the letter of some step; the rule set declares the
 * date it has been reviewed through (a warning when it does not: evaluation is then unbounded).
 */
import { isoDate } from '../../calendar/index.ts';
import type { Diagnostic } from '../diagnostic.ts';
import type { DatePoint, Step } from '../rule-set.ts';
import { at, whole, type CheckContext } from './context.ts';

const show = (d: number) => (Number.isFinite(d) ? isoDate(d) : d < 0 ? 'alltid' : 'videre');

function pointsOf(step: Step): { when: DatePoint; origin: Step['requires'][number]['origin'] }[] {
  const out: { when: DatePoint; origin: Step['requires'][number]['origin'] }[] = [];
  for (const r of [...step.requires, ...(step.fee?.requires ?? [])]) if (r.kind === 'earliest' || r.kind === 'latest') out.push({ when: r.when, origin: r.origin });
  for (const f of step.fee?.factors ?? []) if (f.kind === 'scale') for (const s of f.switches) out.push({ when: s.from, origin: step.fee!.aboveCap.origin });
  return out;
}

export function checkRegimes(ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const letters = new Set(ctx.steps.filter((s) => s.letter).map((s) => s.event));
  for (const step of ctx.steps) {
    if (step.regime !== undefined) {
      const r = ctx.regimes.get(step.regime);
      if (!r) out.push(whole(step.file, 'UNKNOWN_REFERENCE', `the regime '${step.regime}' does not exist (there is no regimes/${step.regime}.yaml)`));
      else if (r.validFrom === undefined) out.push(whole(step.file, 'REGIME_PERIOD', `the regime '${step.regime}' (${r.law}) has no in-force date yet; no step can belong to it until valid_from is set in ${r.file}`));
      else if (step.validFrom < r.validFrom || step.validTo > r.validTo) {
        out.push(whole(step.file, 'REGIME_PERIOD', `the step applies from ${show(step.validFrom)} to ${show(step.validTo)}, outside its regime '${step.regime}' (${show(r.validFrom)} to ${show(r.validTo)}); give the step valid_from/valid_to within the regime`));
      }
    }
    for (const { when, origin } of pointsOf(step)) {
      if (when.ref.kind === 'letter' && !letters.has(when.ref.event) && !ctx.broken.has(when.ref.event)) {
        out.push(at(origin, 'UNKNOWN_REFERENCE', `the point '${when.point}' names '${when.ref.event}', but no step with a deadline governs that event`));
      }
    }
  }
  if (!ctx.review) {
    out.push({ code: 'NO_REVIEW_HORIZON', severity: 'warning', file: 'horisont.yaml', line: 0, col: 0, pointer: '', message: 'the rule set declares no review horizon (horisont.yaml): claims can be evaluated for any date, also after the rules were last checked against the law' });
  } else {
    const last = ctx.review.reviews[ctx.review.reviews.length - 1]!;
    if (last.reviewedThrough !== ctx.review.reviewedThrough) {
      out.push(whole(ctx.review.file, 'INVALID_PERIOD', `reviewed_through ${isoDate(ctx.review.reviewedThrough)} must be the last review's reviewed_through (${isoDate(last.reviewedThrough)})`));
    }
  }
  return out;
}
