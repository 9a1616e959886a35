/**
 * The facts of a claim on a day, as the step conditions read them (engine/rules/facts.ts lists
 * them), plus the parameters the conditions name, each read on that day.
 *
 * Each engine fact has one reader here. A question (one step's conditions, asked on one day) is
 * answered by the group's generated function, which calls the readers of the facts its conditions
 * use and no others (condition-group.ts); the whole facts object is built only when something asks
 * for it (json-rules-engine in the differential test and the benchmark), from the same readers.
 */
import type { Day } from '../calendar/index.ts';
import { toNumber } from '../money/index.ts';
import type { FactValue, Facts } from '../conditions/index.ts';
import type { ConditionGroup, DynamicFact } from './condition-group.ts';
import { use, type Context } from './context.ts';
import { countStartsAgain } from './count-reset.ts';
import { timeBarredOn } from './foreldelse.ts';
import type { State } from './state.ts';
import type { EngineFact, FeeCount } from '../rules/index.ts';

/**
 * One step's conditions asked on one day: for an event being checked, or a step being considered.
 * `facts` is the plain facts object, built on first read.
 */
export class Question {
  readonly ctx: Context;
  readonly state: State;
  readonly group: ConditionGroup;
  readonly on: Day;
  /** Whether the event charges a fee (or the step considered has one). */
  readonly feeCharged: boolean;
  /** The deadline the event gave, or the step's minimum. */
  readonly deadlineDays: number;
  private built: Facts | undefined;

  constructor(ctx: Context, state: State, group: ConditionGroup, on: Day, feeCharged: boolean, deadlineDays: number) {
    this.ctx = ctx;
    this.state = state;
    this.group = group;
    this.on = on;
    this.feeCharged = feeCharged;
    this.deadlineDays = deadlineDays;
    this.built = undefined;
  }

  get facts(): Facts {
    return (this.built ??= buildFacts(this));
  }
}

function missedDeadlineDays(state: State, on: Day): number {
  let max = 0;
  for (const r of state.reminders) if (r.deadline < on && r.deadlineDays > max) max = r.deadlineDays;
  return max;
}

/**
 * How many lawful fees count as `count` before the question's day: zero when the counts start again
 * for the step's letter on that day (inkassoforskriften § 1-3 annet ledd, count-reset.ts).
 */
function feeCount(q: Question, count: FeeCount): number {
  const n = q.state.counts[count] ?? 0;
  return n > 0 && countStartsAgain(q.ctx, q.state, q.group.step, count, q.on) ? 0 : n;
}

/** Each engine fact, read from a question (pure: reading one changes nothing). */
export const FACT_READERS: { readonly [K in EngineFact]: (q: Question) => FactValue } = {
  debtorKind: (q) => q.ctx.claim.debtorKind,
  collection: (q) => q.ctx.claim.collection,
  creditorVatRegistered: (q) => q.ctx.claim.vatRegistered,
  principal: (q) => q.ctx.claim.principal,
  daysAfterForfall: (q) => q.on - q.ctx.claim.due,
  disputed: (q) => q.state.disputed,
  paidInFull: (q) => q.state.coveredDay !== undefined && q.state.coveredDay <= q.on,
  // Paid in full (payment order at the bank) by the last day of the inkassovarsel's deadline (inkassoloven §§ 9 and 17).
  paidWithinInkassovarselDeadline: (q) => {
    const covered = q.state.coveredDay;
    const varsel = q.state.last.inkassovarsel;
    return covered !== undefined && covered <= q.on && varsel !== undefined && covered <= varsel.deadline;
  },
  timeBarred: (q) => timeBarredOn(q.state.foreldelse, q.on),
  purringerSent: (q) => q.state.sent.purring ?? 0,
  inkassovarselSent: (q) => q.state.last.inkassovarsel !== undefined,
  betalingsoppfordringSent: (q) => q.state.last.betalingsoppfordring !== undefined,
  rettsligInndrivingStarted: (q) => q.state.rettsligStarted,
  purregebyrBefore: (q) => feeCount(q, 'purregebyr'),
  inkassovarselGebyrBefore: (q) => feeCount(q, 'inkassovarselgebyr'),
  betalingsoppfordringGebyrBefore: (q) => feeCount(q, 'betalingsoppfordringsgebyr'),
  lastFeeLetterDeadlineDays: (q) => q.state.lastFeeLetter?.deadlineDays ?? 0,
  missedDeadlineDays: (q) => missedDeadlineDays(q.state, q.on),
  standardkompensasjonCharged: (q) => (q.state.counts.standardkompensasjon ?? 0) > 0,
  salaerCharged: (q) => (q.state.counts.salaer ?? 0) > 0,
  feeCharged: (q) => q.feeCharged,
  deadlineDays: (q) => q.deadlineDays,
};

/** A parameter the conditions name, read on the question's day (traced, and warned about when its status is S). */
export function parameterFact(ctx: Context, id: string, on: Day): FactValue {
  const v = use(ctx, id, on).value;
  switch (v.unit) {
    case 'NOK': return v.ore;
    case 'choice': return v.choice;
    case 'scale': return null;
    case 'days': case 'months': case 'years': case 'count': return v.count;
    default: return toNumber(v.exact);
  }
}

/** A fact named after a letter or a fee count (lettersSent.<event>, feesCharged.<count>). */
export function dynamicFact(q: Question, f: DynamicFact): number {
  return f.kind === 'lettersSent' ? (q.state.sent[f.key] ?? 0) : feeCount(q, f.key);
}

/**
 * Every fact of a question as one object: the engine facts, then the parameters the conditions
 * name (in the group's order, as the generated answer reads them), then the letter and fee counts.
 */
export function buildFacts(q: Question): Facts {
  const r = FACT_READERS;
  // One literal (a fast object, as the facts were before the readers); the type requires every engine fact.
  const engine: Record<EngineFact, FactValue> = {
    debtorKind: r.debtorKind(q), collection: r.collection(q), creditorVatRegistered: r.creditorVatRegistered(q), principal: r.principal(q),
    daysAfterForfall: r.daysAfterForfall(q), disputed: r.disputed(q), paidInFull: r.paidInFull(q), paidWithinInkassovarselDeadline: r.paidWithinInkassovarselDeadline(q),
    timeBarred: r.timeBarred(q), purringerSent: r.purringerSent(q), inkassovarselSent: r.inkassovarselSent(q), betalingsoppfordringSent: r.betalingsoppfordringSent(q),
    rettsligInndrivingStarted: r.rettsligInndrivingStarted(q), purregebyrBefore: r.purregebyrBefore(q), inkassovarselGebyrBefore: r.inkassovarselGebyrBefore(q),
    betalingsoppfordringGebyrBefore: r.betalingsoppfordringGebyrBefore(q), lastFeeLetterDeadlineDays: r.lastFeeLetterDeadlineDays(q), missedDeadlineDays: r.missedDeadlineDays(q),
    standardkompensasjonCharged: r.standardkompensasjonCharged(q), salaerCharged: r.salaerCharged(q), feeCharged: r.feeCharged(q), deadlineDays: r.deadlineDays(q),
  };
  const facts: Record<string, FactValue> = engine;
  for (const id of q.group.parameterFacts) facts[id] = parameterFact(q.ctx, id, q.on);
  for (const f of q.group.dynamicFacts) facts[f.name] = dynamicFact(q, f);
  return facts;
}
