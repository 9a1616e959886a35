/**
 * The cap of a fee: the product of its factors (the inkassosats read on the day the letter is
 * sent, a fraction read on forfall, a salær multiplier from a scale, the business and non-VAT
 * factors when their condition holds), kept exact and rounded once by the fee's rounding policy.
 */
import { dato, isoDate, type Day } from '../calendar/index.ts';
import { formatRational, multiply, ONE, roundHalfUp, type Ore, type Rational } from '../money/index.ts';
import { ANCHOR_TEXT, type Anchor, type Entry, type Factor, type Step } from '../rules/index.ts';
import type { ConditionGroup } from './condition-group.ts';
import { choiceUnconfirmed, mark, tracing, use, usedSince, type Context, type RuleUse } from './context.ts';
import { formatAmount } from '../money/index.ts';
import type { State } from './state.ts';
import { threshold } from './timeline.ts';

export interface Cap {
  readonly cap: Ore;
  readonly explanation: string;
  readonly uses: readonly RuleUse[];
}

/** The day a parameter is read on, for an anchor. */
export function anchorDay(ctx: Context, state: State, anchor: Anchor, on: Day): Day {
  switch (anchor) {
    case 'forfall': return ctx.claim.due;
    case 'day_after_forfall': return ctx.claim.due + 1;
    case 'sent': return on;
    case 'covered': return state.coveredDay !== undefined && state.coveredDay <= on ? state.coveredDay : on;
  }
}

function bandOf(ctx: Context, f: Extract<Factor, { kind: 'scale' }>): Ore {
  return f.band === 'principal' ? ctx.claim.principal : ctx.claim.principal + ctx.claim.interestBeforeDue;
}

/** The scale column a factor uses on a day: the last switch whose date has come, else the default. */
export function scaleColumn(ctx: Context, state: State, f: Extract<Factor, { kind: 'scale' }>, on: Day): string {
  let column = f.defaultColumn;
  for (const s of f.switches) {
    const t = threshold(ctx, state, s.from, on);
    if (t !== undefined && on >= t) column = s.column;
  }
  return column;
}

/*
 * A cap depends only on the exact values it multiplies (a parameter's value, a scale bracket's
 * rate in its column) and the rounding, so it is computed once for each combination and
 * remembered: the same 1/20 × 700 comes up for claim after claim. The values are the rule set's
 * own objects, which never change, so the memory is a tree keyed by their identity.
 */
interface CapNode {
  readonly next: Map<Rational | string, CapNode>;
  /** The keys from the root to this node: the values multiplied, then the rounding. */
  readonly path: readonly (Rational | string)[];
  hit?: { cap: Ore; rounded: boolean };
}
let capTree: CapNode = { next: new Map(), path: [] };
let capTreeSize = 0;
function capNode(node: CapNode, key: Rational | string): CapNode {
  let n = node.next.get(key);
  if (n === undefined) node.next.set(key, (n = { next: new Map(), path: [...node.path, key] }));
  return n;
}
/** The warning key of a rule object's choice, written once per object. */
const choiceKeys = new WeakMap<object, string>();

/*
 * The two warnings a cap can raise, each in a function of its own: their messages are closures,
 * and a closure in feeCap itself would make every call to it allocate the variables it captures.
 */

/** A factor read on a day whose choice rests on one source or our own judgment. */
function anchorChoice(ctx: Context, step: Step, f: Factor, d: Day): void {
  let key = choiceKeys.get(f);
  if (key === undefined) choiceKeys.set(f, (key = `choice|${step.id}|${f.kind === 'parameter' ? f.parameter : f.scale}|${f.anchor}`));
  if (!ctx.warnings.has(key)) warnAnchor(ctx, key, f, d);
}
function warnAnchor(ctx: Context, key: string, f: Factor, d: Day): void {
  const id = f.kind === 'parameter' ? f.parameter : f.scale;
  const basis = f.anchorBasis!;
  choiceUnconfirmed(ctx, key, id, d, () => `${id} er lest på ${ANCHOR_TEXT[f.anchor]} (${dato(d)}); det valget har bare én kilde eller er vårt eget (status ${basis.status}): ${basis.source}`);
}

/** A cap rounded by a policy with one source. */
function roundingChoice(ctx: Context, step: Step, entry: Entry, rounding: string, d: Day): void {
  let key = choiceKeys.get(entry);
  if (key === undefined) choiceKeys.set(entry, (key = `choice|round|${step.fee!.round.policy}|${entry.from}`));
  if (!ctx.warnings.has(key)) warnRounding(ctx, key, step, entry, rounding, d);
}
function warnRounding(ctx: Context, key: string, step: Step, entry: Entry, rounding: string, d: Day): void {
  const policy = step.fee!.round.policy;
  choiceUnconfirmed(ctx, key, policy, d, () => `${step.title}: taket er rundet av etter ${policy} = ${rounding}, som har bare én kilde (status S): ${entry.source}`);
}

/** Rounds a cap in kroner (an exact product) to øre by a rounding choice. */
function roundCap(product: Rational, rounding: string): bigint {
  const num = product.num * 100n;
  if (rounding === 'krone') return roundHalfUp(num, product.den, 100n);
  if (rounding === 'krone_ned') return (num / (product.den * 100n)) * 100n;
  if (rounding === 'ore_avkortet') return num / product.den;
  return roundHalfUp(num, product.den, 1n);
}

/**
 * @param answers the group's condition answers for this check (for the factors' `when`)
 * @param column force a scale column (the salær summary shows both lett and tung)
 */
export function feeCap(ctx: Context, state: State, step: Step, group: ConditionGroup, answers: readonly boolean[], on: Day, column?: string): Cap {
  const fee = step.fee!;
  const m = mark(ctx);
  const explain = tracing(ctx);
  // First the values the cap rests on (looked up, so they are traced and warned about), and the
  // node of the cap tree they lead to.
  let node = capTree;
  let factors = 0;
  const parts: string[] | null = explain ? [] : null;
  for (let i = 0; i < fee.factors.length; i++) {
    const f = fee.factors[i]!;
    if (f.when && !answers[group.factorPositions[i]!]) continue;
    const d = anchorDay(ctx, state, f.anchor, on);
    if (f.anchorBasis && f.anchorBasis.status !== 'P' && f.anchorBasis.status !== 'C2') anchorChoice(ctx, step, f, d);
    if (f.kind === 'parameter') {
      const e = use(ctx, f.parameter, d, f.anchor);
      if (e.value.unit === 'scale' || e.value.unit === 'choice') throw new Error(`${f.parameter} cannot be a factor`);
      node = capNode(node, e.value.exact);
      factors++;
      if (parts) parts.push(`${f.parameter} ${e.text} (${f.anchor} ${isoDate(d)})`);
    } else {
      const e = use(ctx, f.scale, d, f.anchor);
      if (e.value.unit !== 'scale') throw new Error(`${f.scale} is not a scale`);
      const band = bandOf(ctx, f);
      const brackets = e.value.brackets;
      let k = 0;
      while (band > brackets[k]!.upTo) k++;
      const bracket = brackets[k]!;
      const col = column ?? scaleColumn(ctx, state, f, on);
      const rate = bracket.rates[col]!;
      node = capNode(node, rate);
      factors++;
      if (parts) {
        const upTo = Number.isFinite(bracket.upTo) ? `til og med ${formatAmount(bracket.upTo)}` : 'over øvre grense';
        parts.push(`${f.scale} ${col} ${formatRational(rate)} (krav ${formatAmount(band)}, trinn ${upTo}; tabell etter ${f.anchor} ${isoDate(d)})`);
      }
    }
  }
  const roundDay = anchorDay(ctx, state, fee.round.anchor, on);
  // Read quietly: a rounding policy with one source is only worth a warning when it changed the cap.
  const roundingEntry = use(ctx, fee.round.policy, roundDay, undefined, true);
  const rounding = roundingEntry.value.unit === 'choice' ? roundingEntry.value.choice : 'ore';
  node = capNode(node, rounding);
  let hit = node.hit;
  if (hit === undefined) {
    // The tree's path from the root is the factors in order, and the rounding.
    let product: Rational = ONE;
    for (const r of node.path.slice(0, factors) as Rational[]) product = multiply(product, r);
    // The product is in kroner; whole øre (or whole kroner) after rounding.
    const rounded = roundCap(product, rounding);
    hit = { cap: Number(rounded), rounded: rounded * product.den !== product.num * 100n };
    node.hit = hit;
    // Rule sets come and go in a long-running editor or server: start over now and then.
    if (++capTreeSize > 100_000) {
      capTree = { next: new Map(), path: [] };
      capTreeSize = 0;
    }
  }
  const cap = hit.cap;
  if (hit.rounded && roundingEntry.status === 'S') roundingChoice(ctx, step, roundingEntry, rounding, roundDay);
  const explanation = parts ? `${parts.join(' × ')} = ${formatAmount(cap)} (${fee.round.policy}: ${rounding})` : '';
  return { cap, explanation, uses: usedSince(ctx, m) };
}
