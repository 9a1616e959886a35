/**
 * The facts of a claim on a day, as the step conditions read them (engine/rules/facts.ts lists
 * them), plus the parameters the conditions name, each read on that day.
 */
import type { Day } from '../calendar/index.ts';
import { toNumber, type Ore } from '../money/index.ts';
import type { FactValue } from '../conditions/index.ts';
import type { ConditionGroup } from './condition-group.ts';
import { use, type Context } from './context.ts';
import { timeBarredOn } from './foreldelse.ts';
import type { State } from './state.ts';
import type { FeeCount } from '../rules/index.ts';

/** What the event being checked (or the step being considered) brings. */
export interface Checked {
  readonly feeCharged: boolean;
  readonly deadlineDays: number;
}

function missedDeadlineDays(state: State, on: Day): number {
  let max = 0;
  for (const r of state.reminders) if (r.deadline < on && r.deadlineDays > max) max = r.deadlineDays;
  return max;
}

function parameterFact(ctx: Context, id: string, on: Day): FactValue {
  const v = use(ctx, id, on).value;
  switch (v.unit) {
    case 'NOK': return v.ore;
    case 'choice': return v.choice;
    case 'scale': return null;
    case 'days': case 'months': case 'years': case 'count': return v.count;
    default: return toNumber(v.exact);
  }
}

export function buildFacts(ctx: Context, state: State, group: ConditionGroup, on: Day, checked: Checked): Record<string, FactValue> {
  const c = ctx.claim;
  const facts: Record<string, FactValue> = {
    debtorKind: c.debtorKind,
    collection: c.collection,
    creditorVatRegistered: c.vatRegistered,
    principal: c.principal as Ore,
    daysAfterForfall: on - c.due,
    disputed: state.disputed,
    paidInFull: state.coveredDay !== undefined && state.coveredDay <= on,
    // Paid in full (payment order at the bank) by the last day of the inkassovarsel's deadline (inkassoloven §§ 9 and 17).
    paidWithinInkassovarselDeadline: state.coveredDay !== undefined && state.coveredDay <= on && state.last.inkassovarsel !== undefined && state.coveredDay <= state.last.inkassovarsel.deadline,
    timeBarred: timeBarredOn(state.foreldelse, on),
    purringerSent: state.sent.purring ?? 0,
    inkassovarselSent: state.last.inkassovarsel !== undefined,
    betalingsoppfordringSent: state.last.betalingsoppfordring !== undefined,
    rettsligInndrivingStarted: state.rettsligStarted,
    purregebyrBefore: state.counts.purregebyr ?? 0,
    inkassovarselGebyrBefore: state.counts.inkassovarselgebyr ?? 0,
    betalingsoppfordringGebyrBefore: state.counts.betalingsoppfordringsgebyr ?? 0,
    lastFeeLetterDeadlineDays: state.lastFeeLetter?.deadlineDays ?? 0,
    missedDeadlineDays: missedDeadlineDays(state, on),
    standardkompensasjonCharged: (state.counts.standardkompensasjon ?? 0) > 0,
    salaerCharged: (state.counts.salaer ?? 0) > 0,
    feeCharged: checked.feeCharged,
    deadlineDays: checked.deadlineDays,
  };
  for (const id of group.parameterFacts) facts[id] = parameterFact(ctx, id, on);
  for (const f of group.dynamicFacts) facts[f.name] = f.kind === 'lettersSent' ? (state.sent[f.key] ?? 0) : (state.counts[f.key as FeeCount] ?? 0);
  return facts;
}
