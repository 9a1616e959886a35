/**
 * A payment covers, in order, what the debtor designated (when the policy respects it) and then
 * the creditor's order (policy dekningsrekkefolge.standard): lawful costs, interest accrued up to
 * and including the payment day, principal. What is left over is overpaid. A part payment is an
 * acknowledgment that starts foreldelse again (foreldelsesloven § 14).
 */
import { RULE_IDS } from '../rules/index.ts';
import { choice, mark, usedSince, type Context } from './context.ts';
import { acknowledgedBy } from './foreldelse.ts';
import { roundedInterest } from './interest.ts';
import type { Bucket, PreparedEvent } from './prepare.ts';
import type { Collected } from './records.ts';
import type { State } from './state.ts';

const ORDERS: Record<string, readonly Bucket[]> = {
  kostnader_renter_hovedstol: ['costs', 'interest', 'principal'],
  renter_kostnader_hovedstol: ['interest', 'costs', 'principal'],
  hovedstol_renter_kostnader: ['principal', 'interest', 'costs'],
};

export function payment(ctx: Context, state: State, ev: PreparedEvent, out: Collected): void {
  const on = ev.day;
  const m = mark(ctx);
  const standard = ORDERS[choice(ctx, RULE_IDS.dekningsrekkefolge, on)]!;
  const designated = ev.allocation && choice(ctx, RULE_IDS.skyldnersAngivelse, on) === 'respekteres' ? ev.allocation : undefined;
  const order = designated ? [...designated, ...standard.filter((b) => !designated.includes(b))] : standard;
  let remaining = ev.amount!;
  let interestOwed = roundedInterest(ctx, state, on) - state.interestPaid;
  const to = { costs: 0, interest: 0, principal: 0 };
  const owedCosts = state.costs;
  const owedInterest = Math.max(0, interestOwed);
  const owedPrincipal = state.principal;
  for (const bucket of order) {
    const owed = bucket === 'costs' ? state.costs : bucket === 'interest' ? interestOwed : state.principal;
    const take = Math.min(remaining, owed);
    if (take <= 0) continue;
    remaining -= take;
    to[bucket] += take;
    if (bucket === 'costs') state.costs -= take;
    else if (bucket === 'interest') { state.interestPaid += take; interestOwed -= take; }
    else state.principal -= take;
  }
  state.paid += ev.amount!;
  state.overpaid += remaining;
  if (state.coveredDay === undefined && state.principal === 0 && state.costs === 0 && interestOwed <= 0) state.coveredDay = on;
  else acknowledgedBy(ctx, state.foreldelse, ev);
  out.payments?.push({
    eventIndex: ev.index, day: on, amount: ev.amount!, toCosts: to.costs, toInterest: to.interest, toPrincipal: to.principal,
    overpaid: remaining, order, designated: designated !== undefined, owed: { costs: owedCosts, interest: owedInterest, principal: owedPrincipal }, uses: usedSince(ctx, m),
  });
}
