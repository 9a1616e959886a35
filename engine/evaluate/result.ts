/**
 * Turns what the evaluation collected into the result document (schemas/result.schema.json):
 * amounts as two-decimal strings, dates as YYYY-MM-DD, and a trace entry for every figure that
 * names the rule values it rests on (id, the dated value, its hjemmel, source and status).
 */
import { dagerText, holidayName, isoDate, weekday } from '../calendar/index.ts';
import { formatAmount, interestToOre, type Ore } from '../money/index.ts';
import { RULE_IDS, type Step } from '../rules/index.ts';
import type { Result } from '../types.generated.ts';
import type { Context, RuleUse } from './context.ts';
import { seriesOf } from './lookup.ts';
import type { Blocked, NextStep } from './next-steps.ts';
import type { Collected } from './records.ts';
import { BUCKET_NAMES } from './prepare.ts';
import type { SalaerSummary } from './salaer-summary.ts';
import type { State } from './state.ts';
import { timeBarredOn } from './foreldelse.ts';

type TraceEntry = Result['trace'][number];

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The statements a step's letter must carry, listed once per step. */
const contentOf = new WeakMap<Step, readonly string[]>();
function requiredContent(step: Step): readonly string[] {
  let list = contentOf.get(step);
  if (list === undefined) contentOf.set(step, (list = step.letterContent.map((c) => c.text)));
  return list;
}

function ruleOf(u: RuleUse): TraceEntry['rules'][number] {
  const e = u.entry;
  return {
    id: u.series.id,
    date: isoDate(u.day),
    ...(u.anchor !== undefined ? { anchor: u.anchor } : {}),
    value: e.text,
    validFrom: isoDate(e.from),
    ...(Number.isFinite(e.to) ? { validTo: isoDate(e.to) } : {}),
    hjemmel: e.hjemmel,
    source: e.source,
    status: e.status,
  };
}

function dedupe(uses: readonly RuleUse[]): RuleUse[] {
  const seen = new Set<string>();
  return uses.filter((u) => {
    const k = `${u.series.id}|${u.entry.from}|${u.anchor ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A figure's trace entry: its value, how it came about, and each rule value it rests on, once. */
export function traceEntry(figure: string, value: string, explanation: string, uses: readonly RuleUse[]): TraceEntry {
  return { figure, value, explanation, rules: dedupe(uses).map(ruleOf) };
}

export interface ResultParts {
  readonly ctx: Context;
  readonly state: State;
  readonly out: Collected;
  readonly next: readonly NextStep[];
  readonly blocked: Blocked | null;
  readonly salaer: SalaerSummary | null;
  readonly interestTotal: Ore;
  /** Interest time-barred on the as-of date on its own (while the principal is not). */
  readonly barredInterest: Ore;
  readonly interestUses: readonly RuleUse[];
  readonly tracing: boolean;
}

export function buildResult(p: ResultParts): Result {
  const { ctx, state, out } = p;
  const a = formatAmount;
  const trace: TraceEntry[] = [];
  // Called only when tracing: the explanations are not even written otherwise.
  const t = (figure: string, value: string, explanation: string, uses: readonly RuleUse[]) => {
    trace.push(traceEntry(figure, value, explanation, uses));
  };

  const rate = seriesOf(ctx.rules, RULE_IDS.forsinkelsesrente);
  const divisorPolicy = seriesOf(ctx.rules, RULE_IDS.rentedivisor);
  const periods = state.periods.map((q, i) => {
    const amount = a(interestToOre(q.exact));
    const days = q.to - q.from + 1;
    if (p.tracing) {
      const uses: RuleUse[] = [{ series: rate, entry: q.rate, day: q.from }, { series: divisorPolicy, entry: q.divisorRule, day: q.from }];
      if (p.tracing) t(`/interest/periods/${i}/amount`, amount, `${a(q.base)} × ${q.rate.text} % × ${dagerText(days)} / ${q.divisor} = ${amount} (eksakt beløp summeres før avrunding)`, uses);
    }
    return { from: isoDate(q.from), to: isoDate(q.to), days, ratePercent: q.rate.text, divisor: q.divisor, base: a(q.base), amount };
  });
  const interestTotal = a(p.interestTotal);
  if (p.tracing) t('/interest/total', interestTotal, 'Summen av periodenes eksakte beløp, avrundet etter avrundingspolicyen for rente.', p.interestUses);

  const fees = out.fees.map((f, i) => {
    if (p.tracing) t(`/fees/${i}/cap`, a(f.cap), f.capExplanation, f.capUses);
    if (p.tracing) t(`/fees/${i}/allowed`, a(f.allowed), f.allowedExplanation, f.allowedUses.length ? [...f.capUses, ...f.allowedUses] : f.capUses);
    const o = { eventIndex: f.eventIndex, type: f.type, date: isoDate(f.day), charged: a(f.charged), cap: a(f.cap), allowed: a(f.allowed) };
    return f.forfeited ? { ...o, forfeited: f.forfeited.map((x) => ({ amount: a(x.amount), date: isoDate(x.day), eventIndex: x.eventIndex })) } : o;
  });

  const violations = out.violations.map((v, i) => {
    // Built key by key (in the schema's order): optional keys are left out, never undefined.
    const o: Writable<Result['violations'][number]> = { code: v.code } as Writable<Result['violations'][number]>;
    if (v.eventIndex !== undefined) o.eventIndex = v.eventIndex;
    if (v.day !== undefined) o.date = isoDate(v.day);
    o.message = v.message;
    o.hjemmel = v.hjemmel;
    o.rule = v.rule;
    if (v.excess !== undefined) o.excess = a(v.excess);
    if (v.forfeited !== undefined) o.forfeited = a(v.forfeited);
    if (v.earliest !== undefined) o.earliestDate = isoDate(v.earliest);
    if (v.latest !== undefined) o.latestDate = isoDate(v.latest);
    // The figure the message states (the lawful day, the excess), explained with the rule values it rests on.
    if (p.tracing && v.why !== undefined) {
      const figure = v.earliest !== undefined ? 'earliestDate' : v.latest !== undefined ? 'latestDate' : v.forfeited !== undefined ? 'forfeited' : 'excess';
      t(`/violations/${i}/${figure}`, o[figure]!, v.why, v.uses ?? []);
    }
    return o;
  });

  const nextSteps = p.next.map((n, i) => {
    if (p.tracing) t(`/nextSteps/${i}/earliestDate`, isoDate(n.earliest), n.earliestExplanation, n.earliestUses);
    if (p.tracing) t(`/nextSteps/${i}/maxFee`, a(n.maxFee), n.feeExplanation, n.feeUses);
    const o = { step: n.step.id, title: n.step.title, earliestDate: isoDate(n.earliest) } as Writable<Result['nextSteps'][number]>;
    if (n.feeEarliest !== undefined) o.feeEarliestDate = isoDate(n.feeEarliest);
    o.maxFee = a(n.maxFee);
    o.deadlineDays = n.deadlineDays;
    if (n.deadlineEnds !== undefined) o.deadlineEnds = isoDate(n.deadlineEnds);
    o.hjemmel = n.step.hjemmel;
    o.requiredContent = requiredContent(n.step).slice();
    return o;
  });

  let salaer: Result['salaer'] = null;
  if (p.salaer) {
    const s = p.salaer;
    if (p.tracing) t('/salaer/lett', a(s.lett), s.lettExplanation, s.uses);
    if (p.tracing) t('/salaer/tung', a(s.tung), s.tungExplanation, s.uses);
    // Optional keys are set after the others (the schema's order), never as undefined.
    const o: Writable<NonNullable<Result['salaer']>> = { date: isoDate(s.day), band: a(s.band), lett: a(s.lett), tung: a(s.tung), applies: s.applies };
    if (s.lettFrom !== undefined) o.lettFrom = isoDate(s.lettFrom);
    if (s.tungFrom !== undefined) o.tungFrom = isoDate(s.tungFrom);
    salaer = o;
  }

  const deadlines = (out.deadlines ?? []).map((d, i) => {
    const wd = weekday(d.nominal);
    const holiday = holidayName(d.nominal) ?? (wd === 6 ? 'lørdag' : wd === 0 ? 'søndag' : undefined);
    if (p.tracing) {
      const given = `sendt ${isoDate(d.sent)} + ${dagerText(d.deadlineDays)} i brevet, minst fristen i ${d.rule} (${d.hjemmel}): ${isoDate(d.nominal)}`;
      t(`/deadlines/${i}/lastDay`, isoDate(d.lastDay), d.lastDay !== d.nominal ? `${given}, ${holiday ?? 'ikke virkedag'}; forskjøvet etter policy til ${isoDate(d.lastDay)}.` : `${given}${holiday ? ` (${holiday}; forskyves ikke etter policy)` : ''}.`, d.uses);
    }
    const o: Writable<Result['deadlines'][number]> = { eventIndex: d.eventIndex, type: d.type, sent: isoDate(d.sent), deadlineDays: d.deadlineDays, lastDay: isoDate(d.lastDay), rolledForward: d.lastDay !== d.nominal };
    if (holiday !== undefined) o.endsOnHoliday = holiday;
    return o;
  });

  const payments = (out.payments ?? []).map((q, i) => {
    if (p.tracing) {
      // One explanation for the whole allocation: each of its figures is read in it.
      const order = `${q.order.map((b) => BUCKET_NAMES[b]).join(' → ')}${q.designated ? ' (skyldnerens angivelse først)' : ''}`;
      const why = `Innbetalingen ${a(q.amount)} ${isoDate(q.day)} dekker i rekkefølgen ${order}: kostnader ${a(q.toCosts)} av ${a(q.owed.costs)} ubetalt, renter ${a(q.toInterest)} av ${a(q.owed.interest)} ubetalt (påløpt til og med betalingsdagen), hovedstol ${a(q.toPrincipal)} av ${a(q.owed.principal)}; for mye betalt ${a(q.overpaid)}.`;
      for (const [key, value] of [['toCosts', q.toCosts], ['toInterest', q.toInterest], ['toPrincipal', q.toPrincipal], ['overpaid', q.overpaid]] as const) t(`/payments/${i}/${key}`, a(value), why, q.uses);
    }
    return {
      eventIndex: q.eventIndex, date: isoDate(q.day), amount: a(q.amount), toCosts: a(q.toCosts), toInterest: a(q.toInterest),
      toPrincipal: a(q.toPrincipal), overpaid: a(q.overpaid), order: [...q.order],
    };
  });

  const interestOwed = Math.max(0, p.interestTotal - state.interestPaid);
  const owed = state.principal + state.costs + interestOwed;
  // What is time-barred cannot be claimed: the whole claim with its principal (foreldelsesloven
  // § 24 nr. 2), or else the interest of the days whose own period has run out.
  const principalBarred = timeBarredOn(state.foreldelse, ctx.asOf);
  const barredInterest = Math.min(interestOwed, p.barredInterest);
  const barred = principalBarred ? owed : barredInterest;
  const outstanding = owed - barred;
  if (p.tracing) {
    t('/balance/principal', a(ctx.claim.principal), 'Hovedstolen kravet oppgir (principal), før innbetalinger.', []);
    t('/balance/fees', a(state.costsTotal), 'Summen av lovlige gebyrer, salær og kompensasjon (allowed), ikke det som er krevd.', []);
    t('/balance/interest', interestTotal, 'Forsinkelsesrenten i alt, betalt og ubetalt: renten i alt (/interest/total).', p.interestUses);
    t('/balance/paid', a(state.paid), `Summen av innbetalingene til og med ${isoDate(ctx.asOf)}.`, []);
    t('/balance/overpaid', a(state.overpaid), 'Det innbetalingene dekket utover det som var skyldig den dagen, lagt sammen.', []);
    const why = principalBarred
      ? `Kravet er foreldet (fristen gikk ut ${isoDate(state.foreldelse.date)}); hovedstol, renter og kostnader faller bort (foreldelsesloven § 24 nr. 2). Foreldet: ${a(barred)}.`
      : `Hovedstol ${a(state.principal)} + kostnader ${a(state.costs)} + renter ${a(interestOwed)} som ikke er betalt${barredInterest > 0 ? `, minus foreldede renter ${a(barredInterest)} (hver dags rente foreldes tre år etter at den påløp, foreldelsesloven §§ 2 og 3)` : ''}.`;
    t('/balance/outstanding', a(outstanding), why, []);
    if (barredInterest > 0 && !principalBarred) t('/interest/timeBarred', a(barredInterest), 'Renter for dager der tre år (med avbrudd) har løpt ut; de eldste rentene regnes som betalt først.', state.foreldelse.uses);
    if (principalBarred) t('/interest/timeBarred', a(interestOwed), 'Kravet er foreldet: de ubetalte rentene faller bort med hovedstolen (foreldelsesloven § 24 nr. 2).', state.foreldelse.uses);
    if (barred > 0) t('/balance/timeBarred', a(barred), principalBarred ? `Kravet er foreldet (fristen gikk ut ${isoDate(state.foreldelse.date)}): alt som var ubetalt faller bort (foreldelsesloven § 24 nr. 2).` : 'De foreldede rentene (/interest/timeBarred), som ikke kan kreves.', state.foreldelse.uses);
    t('/foreldelse/date', isoDate(state.foreldelse.date), state.foreldelse.pending ? 'En forliksklage verserer: fristen løper ikke før saken er avgjort (foreldelsesloven § 15).' : 'Foreldelsesfristen regnet fra forfall (eller levering) eller siste avbrudd, forskjøvet etter policy.', state.foreldelse.uses);
  }

  const interest: Writable<Result['interest']> = { total: interestTotal, periods };
  if (barredInterest > 0 || principalBarred) interest.timeBarred = a(principalBarred ? interestOwed : barredInterest);
  const balance: Writable<Result['balance']> = {
    principal: a(ctx.claim.principal),
    fees: a(state.costsTotal),
    interest: interestTotal,
    paid: a(state.paid),
    outstanding: a(outstanding),
    overpaid: a(state.overpaid),
  };
  if (barred > 0) balance.timeBarred = a(barred);
  const foreldelse: Writable<Result['foreldelse']> = { date: isoDate(state.foreldelse.date), timeBarred: principalBarred, start: isoDate(state.foreldelse.start) };
  if (state.foreldelse.pending) foreldelse.pending = true;
  if (state.foreldelse.interruptedBy !== undefined) foreldelse.interruptedBy = state.foreldelse.interruptedBy;

  return {
    claimId: ctx.claim.id,
    asOf: isoDate(ctx.asOf),
    rulesVersion: ctx.rules.version,
    interest,
    fees,
    violations,
    nextSteps,
    nextStepsBlocked: p.blocked,
    salaer,
    balance,
    deadlines,
    payments,
    foreldelse,
    warnings: [...ctx.warnings.values()].map((w) => ({ ...w })),
    trace,
  };
}
