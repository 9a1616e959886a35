/**
 * Foreldelse (foreldelsesloven), with its consequences:
 *
 * - The period (frister.foreldelsesfrist, three years, § 2) runs from the agreed due date when it was
 *   agreed in advance, else from delivery (§ 3 nr. 1; deliveryDate, or the invoice date with a
 *   warning when it is not given). A deadline that ends on a Saturday, Sunday or holiday moves to
 *   the next working day (policy fristforskyvning.foreldelse, § 29).
 * - It is interrupted, with a new period from the day, by the debtor's acknowledgment or part
 *   payment (§ 14) and by a step whose rule says so (§§ 15-17): legal collection; a begjæring om
 *   utlegg only when the creditor has a tvangsgrunnlag (§ 17); a forliksklage keeps it from running
 *   while the case is pending, and a judgment (event dom) starts a new period of
 *   frister.foreldelsesfrist-dom, ten years (§ 21 nr. 2). A later interruption starts a period of
 *   the same length (ten years after a judgment). Letters never interrupt it (§§ 14-19 are
 *   exhaustive). Nothing interrupts a claim that is already time-barred.
 * - Each day's forsinkelsesrente is a claim of its own, time-barred three years after it accrued;
 *   an interruption also covers the interest accrued before it when the policy
 *   foreldelse.avbrudd-gjelder-renter says so. When the principal is time-barred, interest and
 *   costs fall with it (§ 24 nr. 2).
 */
import { addYears, dato, type Day } from '../calendar/index.ts';
import { periodInterest, type Ore, interestToOre } from '../money/index.ts';
import { RULE_IDS, type ForeldelseEffect } from '../rules/index.ts';
import { choice, count, mark, usedSince, type Context, type RuleUse } from './context.ts';
import type { PreparedEvent } from './prepare.ts';
import type { State } from './state.ts';
import { rollForward } from './timeline.ts';

export interface Interruption {
  readonly day: Day;
  readonly eventIndex: number;
  /** avbryter: a new period from the day; verserer: none runs while the case is pending; dom: a new, longer period. */
  readonly kind: 'avbryter' | 'verserer' | 'dom';
}

export interface Foreldelse {
  /** The day the period started (forfall or delivery). */
  readonly start: Day;
  /** The last day before the claim is time-barred (while a case is pending: the deadline it interrupted). */
  date: Day;
  /** A forliksklage is pending: no deadline runs until a judgment. */
  pending: boolean;
  /**
   * The rule for the length of the period now running: frister.foreldelsesfrist (three years), or
   * after a judgment frister.foreldelsesfrist-dom (ten years, § 21 nr. 2). An interruption starts a
   * new period of the same length, so an acknowledgment or an utlegg after a judgment gives ten
   * years again, never three.
   */
  rule: string;
  interruptedBy?: number;
  /** The rule values used for the date (for the trace). */
  uses: readonly RuleUse[];
  readonly interruptions: Interruption[];
}

function deadlineFrom(ctx: Context, start: Day, rule: string = RULE_IDS.foreldelsesfrist): { date: Day; uses: readonly RuleUse[] } {
  const m = mark(ctx);
  const years = count(ctx, rule, start);
  const date = rollForward(ctx, RULE_IDS.foreldelseForskyvning, addYears(start, years), start);
  return { date, uses: usedSince(ctx, m) };
}

/** Where the period starts: the due date agreed in advance, else delivery (or the invoice date, with a warning). */
export function foreldelseStart(ctx: Context): Day {
  const c = ctx.claim;
  if (c.dueAgreedInAdvance) return c.due;
  if (c.delivery !== undefined) return c.delivery;
  ctx.warnings.set('foreldelse-start', {
    code: 'FORELDELSE_START_ASSUMED',
    message: 'Forfallsdatoen var ikke avtalt på forhånd, og leveringsdatoen er ikke oppgitt: foreldelsen er regnet fra fakturadatoen, som kan være senere enn leveringen (foreldelsesloven § 3 nr. 1). Oppgi deliveryDate.',
  });
  return c.invoice;
}

export function startForeldelse(ctx: Context): Foreldelse {
  const start = foreldelseStart(ctx);
  const first = deadlineFrom(ctx, start);
  return { start, date: first.date, uses: first.uses, pending: false, rule: RULE_IDS.foreldelsesfrist, interruptions: [] };
}

/** Whether the claim is time-barred on a day. */
export function timeBarredOn(f: Foreldelse, on: Day): boolean {
  return !f.pending && on > f.date;
}

/**
 * An acknowledgment, part payment or legal step on a day starts a new period of the length of the
 * one it interrupts, unless the claim is already time-barred.
 */
export function interruptForeldelse(ctx: Context, f: Foreldelse, on: Day, eventIndex: number): void {
  if (f.pending || on > f.date) return;
  const next = deadlineFrom(ctx, on, f.rule);
  f.date = next.date;
  f.uses = next.uses;
  f.interruptedBy = eventIndex;
  f.interruptions.push({ day: on, eventIndex, kind: 'avbryter' });
}

/**
 * The debtor's acknowledgment or part payment (§ 14): a new period from its day. One that comes
 * after the claim is time-barred revives nothing, which is said (ACKNOWLEDGMENT_AFTER_FORELDELSE):
 * a creditor who counts on it would collect a time-barred claim.
 */
export function acknowledgedBy(ctx: Context, f: Foreldelse, ev: PreparedEvent): void {
  if (f.pending || ev.day <= f.date) {
    interruptForeldelse(ctx, f, ev.day, ev.index);
    return;
  }
  const act = ev.type === 'payment' ? `Delbetalingen ${dato(ev.day)}` : `Erkjennelsen ${dato(ev.day)}`;
  // A voluntary payment of a time-barred claim need not be paid back (law-next.md 4.12, C2).
  const paid = ev.type === 'payment' ? '; det som er betalt, trenger ikke betales tilbake' : '';
  ctx.warnings.set(`late-acknowledgment|${ev.index}`, { code: 'ACKNOWLEDGMENT_AFTER_FORELDELSE', eventIndex: ev.index, date: ev.date, message: `${act} kom etter at kravet ble foreldet (fristen gikk ut ${dato(f.date)}); den avbryter ikke foreldelsen, og kravet kan fortsatt ikke inndrives (foreldelsesloven § 14)${paid}.` });
}

/** What a step does to foreldelse, as its rule says. */
export function foreldelseEffect(ctx: Context, f: Foreldelse, effect: ForeldelseEffect, ev: PreparedEvent): void {
  switch (effect.effect) {
    case 'avbryter':
      interruptForeldelse(ctx, f, ev.day, ev.index);
      return;
    case 'avbryter_med_tvangsgrunnlag':
      if (ev.tvangsgrunnlag === true) interruptForeldelse(ctx, f, ev.day, ev.index);
      return;
    case 'avbryter_mens_saken_verserer':
      if (f.pending || ev.day > f.date) return;
      f.pending = true;
      f.interruptedBy = ev.index;
      f.interruptions.push({ day: ev.day, eventIndex: ev.index, kind: 'verserer' });
  }
}

/** A judgment (dom, forliksrådsdom, rettsforlik): a new period of ten years from its day. */
export function judgment(ctx: Context, f: Foreldelse, on: Day, eventIndex: number): void {
  if (!f.pending && on > f.date) return;
  const next = deadlineFrom(ctx, on, RULE_IDS.foreldelsesfristDom);
  f.pending = false;
  f.rule = RULE_IDS.foreldelsesfristDom;
  f.date = next.date;
  f.uses = next.uses;
  f.interruptedBy = eventIndex;
  f.interruptions.push({ day: on, eventIndex, kind: 'dom' });
}

/** The last day before the interest accrued on a day is time-barred (Infinity while a case is pending). */
function interestDeadline(ctx: Context, f: Foreldelse, accrued: Day, covered: boolean): Day {
  let start = accrued;
  let rule: string = RULE_IDS.foreldelsesfrist;
  let pending = false;
  let deadline = deadlineFrom(ctx, start, rule).date;
  if (!covered) return deadline;
  for (const i of f.interruptions) {
    if (i.day < accrued) continue;
    if (!pending && i.day > deadline) break;
    if (i.kind === 'verserer') {
      pending = true;
      continue;
    }
    if (i.kind === 'dom') rule = RULE_IDS.foreldelsesfristDom;
    pending = false;
    start = i.day;
    deadline = deadlineFrom(ctx, start, rule).date;
  }
  return pending ? Infinity : deadline;
}

/** The exact interest time-barred on a day among the days a..b, whose barred days are a prefix. */
function barredIn(ctx: Context, state: State, covered: boolean, a: Day, b: Day, on: Day): bigint {
  const f = state.foreldelse;
  if (interestDeadline(ctx, f, a, covered) >= on) return 0n;
  let lo = a;
  let hi = b;
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    if (interestDeadline(ctx, f, mid, covered) < on) lo = mid;
    else hi = mid - 1;
  }
  let exact = 0n;
  for (const p of state.periods) {
    const s = Math.max(p.from, a);
    const e = Math.min(p.to, lo);
    if (e < s) continue;
    exact += periodInterest(p.base, p.rate.value.unit === 'percent' ? p.rate.value.micros : 0, e - s + 1, p.divisor);
  }
  return exact;
}

/**
 * The forsinkelsesrente that is time-barred on a day, in øre: all of it when the principal is; else
 * the interest of the days whose own period has run out. Payments to interest are taken to have
 * covered the oldest interest first.
 */
export function timeBarredInterest(ctx: Context, state: State, on: Day): Ore {
  if (!state.periods.length) return 0;
  const f = state.foreldelse;
  if (timeBarredOn(f, on)) return Math.max(0, interestToOre(state.interestExact) - state.interestPaid);
  const covered = choice(ctx, RULE_IDS.rentesForeldelse, on) === 'ja';
  const first = state.periods[0]!.from;
  const last = state.periods[state.periods.length - 1]!.to;
  // Between two interruptions the deadline grows with the day the interest accrued (the same
  // later interruptions apply), so in each such stretch the barred days are a prefix of it; an
  // interruption covers the days before it, so the stretch after it starts over (a judgment gives
  // the interest before it ten years, the interest after it three).
  let exact = 0n;
  if (!covered || f.interruptions.length === 0) {
    exact = barredIn(ctx, state, covered, first, last, on);
  } else {
    const cuts = [...new Set(f.interruptions.map((i) => i.day))].filter((d) => d >= first && d < last).sort((a, b) => a - b);
    let from = first;
    for (const c of cuts) {
      exact += barredIn(ctx, state, covered, from, c, on);
      from = c + 1;
    }
    exact += barredIn(ctx, state, covered, from, last, on);
  }
  return Math.max(0, interestToOre(exact) - state.interestPaid);
}
