/**
 * Every id a step names must exist and be of the right kind: parameters in caps and periods,
 * scales and their columns, rounding and roll-forward policies, and the facts its conditions read
 * (an engine fact or a parameter id).
 */
import { factsUsed, type Condition } from '../../conditions/index.ts';
import { ROLL_FORWARD_CHOICES, ROUNDING_CHOICES } from '../engine-needs.ts';
import { isEngineFact } from '../facts.ts';
import { placeholders } from '../../text/template.ts';
import type { CountRef, DatePoint, FactOrigins, Finding, Origin, Period, Requirement, Series, Step } from '../rule-set.ts';
import { at, type Check, type CheckContext } from './context.ts';

type Out = ReturnType<Check>;

function lookup(ctx: CheckContext, id: string, origin: Origin, out: Out, what: string): Series | undefined {
  const s = ctx.series.get(id);
  if (!s && !ctx.broken.has(id)) out.push(at(origin, 'UNKNOWN_REFERENCE', `${what} '${id}' does not exist (there is no ${id.replace('.', '/')}.yaml under parameters/ or policies/)`));
  return s;
}

function checkCount(ctx: CheckContext, ref: CountRef, unit: Period['unit'], origin: Origin, out: Out): void {
  if (!('parameter' in ref)) return;
  const s = lookup(ctx, ref.parameter, origin, out, 'parameter');
  if (s && s.unit !== unit && s.unit !== 'count') out.push(at(origin, 'WRONG_REFERENCE_KIND', `'${ref.parameter}' is in ${s.unit}, but the period counts ${unit}`));
}

function checkDatePoint(ctx: CheckContext, d: DatePoint, origin: Origin, out: Out): void {
  checkCount(ctx, d.period.amount, d.period.unit, origin, out);
}

function checkPolicyChoices(ctx: CheckContext, id: string, allowed: readonly string[], origin: Origin, out: Out, what: string): void {
  const s = lookup(ctx, id, origin, out, 'policy');
  if (!s) return;
  if (s.kind !== 'policy' || s.unit !== 'choice') {
    out.push(at(origin, 'WRONG_REFERENCE_KIND', `'${id}' must be a policy with choices (${what})`));
    return;
  }
  for (const e of s.entries) {
    if (e.value.unit === 'choice' && !allowed.includes(e.value.choice)) {
      out.push(at(e.origin, 'UNSUPPORTED_CHOICE', `'${e.value.choice}' cannot be used for ${what}; the engine applies ${allowed.join(' or ')}`));
    }
  }
}

function checkCondition(ctx: CheckContext, c: Condition, origin: Origin, facts: FactOrigins, out: Out): void {
  for (const name of factsUsed(c)) {
    if (isEngineFact(name)) continue;
    const where = facts.find((f) => f.fact === name)?.origin ?? origin;
    const s = ctx.series.get(name);
    if (!s && !ctx.broken.has(name)) out.push(at(where, 'UNKNOWN_REFERENCE', `the condition reads '${name}', which is neither a fact of the claim nor a parameter id`));
    else if (s?.unit === 'scale') out.push(at(where, 'WRONG_REFERENCE_KIND', `'${name}' is a scale; a condition can only read a single value`));
  }
  walk(c, (x) => {
    if ('operator' in x && (x.operator === 'in' || x.operator === 'notIn') && !Array.isArray(x.value)) {
      out.push(at(origin, 'WRONG_REFERENCE_KIND', `the operator ${x.operator} needs a list as value`));
    }
  });
}

function walk(c: Condition, visit: (c: Condition) => void): void {
  visit(c);
  if ('all' in c) c.all.forEach((x) => walk(x, visit));
  else if ('any' in c) c.any.forEach((x) => walk(x, visit));
  else if ('not' in c) walk(c.not, visit);
}

/** The figures each kind of finding fills into its message (engine/evaluate: requirement.ts, step-event.ts). */
const FIGURES = {
  earliest: ['earliest', 'period'],
  latest: ['latest', 'period'],
  conditions: [],
  interest: ['claimed', 'lawful', 'date'],
  /** Added to a fee requirement's own. */
  fee: ['charged', 'cap'],
  aboveCap: ['charged', 'cap', 'allowed'],
  deadline: ['deadlineDays', 'minimumDays'],
} as const satisfies Record<string, readonly string[]>;

/**
 * A message's {parameter.id} placeholders name rule values that exist and hold one value, and its
 * other placeholders are figures its finding has: a misspelt {earlist} would reach the officer as
 * it is written.
 */
function checkMessage(ctx: CheckContext, f: Finding, figures: readonly string[], out: Out): void {
  for (const name of placeholders(f.message)) {
    if (name.includes('.')) {
      const s = lookup(ctx, name, f.messageOrigin, out, "the message's parameter");
      if (s?.unit === 'scale') out.push(at(f.messageOrigin, 'WRONG_REFERENCE_KIND', `the message names '${name}', a scale; a message can only state a single value`));
    } else if (!figures.includes(name)) {
      out.push(at(f.messageOrigin, 'UNKNOWN_REFERENCE', `the message names {${name}}, which this finding does not have (${figures.length ? figures.map((x) => `{${x}}`).join(', ') : 'it has no figures'}; a parameter is named by its id)`));
    }
  }
}

function checkRequirements(ctx: CheckContext, list: readonly Requirement[], out: Out, extra: readonly string[] = []): void {
  for (const r of list) {
    checkMessage(ctx, r, [...FIGURES[r.kind], ...extra], out);
    if (r.kind === 'earliest' || r.kind === 'latest') checkDatePoint(ctx, r.when, r.origin, out);
    if (r.kind === 'earliest' && r.when.relation === 'within') out.push(at(r.origin, 'WRONG_REFERENCE_KIND', 'an earliest date is written with at_least or more_than, not within'));
    if (r.kind === 'latest' && r.when.relation !== 'within') out.push(at(r.origin, 'WRONG_REFERENCE_KIND', 'a latest date is written with within'));
    if (r.kind === 'conditions') checkCondition(ctx, r.condition, r.origin, r.factOrigins, out);
    if (r.kind === 'latest' && r.unless) checkCondition(ctx, r.unless.condition, r.origin, r.unless.factOrigins, out);
  }
}

function checkStep(ctx: CheckContext, step: Step, out: Out): void {
  checkRequirements(ctx, step.requires, out);
  if (step.deadline) {
    checkMessage(ctx, step.deadline, FIGURES.deadline, out);
    checkCount(ctx, step.deadline.minimum.amount, step.deadline.minimum.unit, step.deadline.origin, out);
    checkPolicyChoices(ctx, step.deadline.rollForwardPolicy, ROLL_FORWARD_CHOICES, step.deadline.origin, out, 'rolling a deadline forward');
  }
  const fee = step.fee;
  if (!fee) return;
  checkRequirements(ctx, fee.requires, out, FIGURES.fee);
  if (fee.countReset) {
    const r = fee.countReset;
    checkDatePoint(ctx, r.after, r.origin, out);
    if (r.after.relation === 'within') out.push(at(r.origin, 'WRONG_REFERENCE_KIND', 'the day the counts start again is written with at_least or more_than, not within'));
    const counted = new Set(ctx.steps.flatMap((s) => s.fee?.countsAs ?? []));
    r.counts.forEach((c, i) => { if (!counted.has(c)) out.push(at(r.countOrigins[i]!, 'UNKNOWN_REFERENCE', `no step's fee counts as '${c}' (counts_as gives ${[...counted].join(', ')})`)); });
  }
  checkMessage(ctx, fee.aboveCap, FIGURES.aboveCap, out);
  if (fee.offset) checkMessage(ctx, fee.offset, FIGURES.aboveCap, out);
  const origin = fee.aboveCap.origin;
  for (const f of fee.factors) {
    if (f.when) checkCondition(ctx, f.when.condition, origin, f.when.factOrigins, out);
    if (f.kind === 'parameter') {
      const s = lookup(ctx, f.parameter, origin, out, 'parameter');
      if (s && !['NOK', 'fraction', 'factor', 'percent'].includes(s.unit)) out.push(at(origin, 'WRONG_REFERENCE_KIND', `'${f.parameter}' is in ${s.unit}; a fee cap multiplies amounts, fractions and factors`));
    } else {
      const s = lookup(ctx, f.scale, origin, out, 'scale');
      if (s && s.unit !== 'scale') out.push(at(origin, 'WRONG_REFERENCE_KIND', `'${f.scale}' is not a scale`));
      else if (s) {
        for (const col of [f.defaultColumn, ...f.switches.map((x) => x.column)]) {
          if (!s.columns?.includes(col)) out.push(at(origin, 'UNKNOWN_REFERENCE', `the scale '${f.scale}' has no column '${col}' (it has ${s.columns?.join(', ')})`));
        }
      }
      for (const sw of f.switches) checkDatePoint(ctx, sw.from, origin, out);
    }
  }
  checkPolicyChoices(ctx, fee.round.policy, ROUNDING_CHOICES, origin, out, 'rounding a fee');
}

export const checkReferences: Check = (ctx) => {
  const out: Out = [];
  for (const step of ctx.steps) checkStep(ctx, step, out);
  return out;
};
