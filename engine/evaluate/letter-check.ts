/**
 * A sent letter checked against what the law asks of it (rules/letters/): when a step event
 * records what its letter carried (`letter.fields`, the deadline and amount it stated), each MUST
 * field left out is LETTER_MISSING_CONTENT and each figure stated wrong (a deadline earlier than
 * the lawful one, an amount above the lawful one) is LETTER_WRONG_FIGURE, with the consequence the
 * rule gives: none, no fee, or the letter does not count as this step at all. A SHOULD field left
 * out is a warning. Costs left out of a letter that must state them all (its record's `costs`)
 * are COSTS_NOT_STATED, and forfeited.
 */
import { dato, isoDate, type Day } from '../calendar/index.ts';
import { kroner } from '../money/index.ts';
import type { LetterConsequence, LetterField, LetterRule, RuleSet } from '../rules/index.ts';
import { tracing, type Context, type RuleUse } from './context.ts';
import type { PreparedEvent } from './prepare.ts';
import type { Explained, LawfulFigures } from './letter-figures.ts';
import type { Collected, ViolationRecord } from './records.ts';
import type { State } from './state.ts';

/** The letter rule for a letter on a day (the last that applies), if the rules have one. */
export function letterRuleFor(rules: RuleSet, letter: string, on: Day): LetterRule | undefined {
  let found: LetterRule | undefined;
  for (const l of rules.letters) if (l.letter === letter && l.validFrom <= on && on <= l.validTo) found = l;
  return found;
}

/** The fields of a letter rule that apply to a claim's kind of collection. */
export function fieldsFor(rule: LetterRule, collection: 'egeninkasso' | 'fremmedinkasso'): LetterField[] {
  return rule.fields.filter((f) => f.only === undefined || f.only === collection);
}

const CONSEQUENCE: Record<LetterConsequence, string> = {
  none: '',
  'no-fee': ' Det kan ikke kreves gebyr for brevet.',
  'not-this-step': ' Brevet oppfyller ikke kravene til steget og regnes ikke som sendt: det kan ikke kreves gebyr for det, og senere steg kan ikke bygge på det.',
};

export interface LetterVerdict {
  /** The letter does not count as the step (no fee, not sent for later steps). */
  readonly notThisStep: boolean;
  /** The letter's fee is not owed. */
  readonly noFee: boolean;
}

/**
 * What a sent letter is checked against (its letter rule and the fields that apply to the
 * claim's collection) and a recorder of what is wrong with it, which applies each field's
 * consequence to the verdict. Undefined when the event records no letter or the rules have none.
 */
function checking(ctx: Context, ev: PreparedEvent, out: Collected) {
  const sent = ev.letter;
  const rule = sent ? letterRuleFor(ctx.rules, ev.type, ev.day) : undefined;
  if (!sent || !rule) return undefined;
  const verdict = { notThisStep: false, noFee: false };
  const found = (code: 'LETTER_MISSING_CONTENT' | 'LETTER_WRONG_FIGURE', f: LetterField, message: string, figure?: Partial<ViolationRecord>) => {
    if (f.consequence === 'not-this-step') verdict.notThisStep = true;
    if (f.consequence === 'no-fee') verdict.noFee = true;
    out.violations.push({ code, eventIndex: ev.index, day: ev.day, hjemmel: f.hjemmel, rule: `letters.${rule.id}.${f.id}`, message: `${message}${CONSEQUENCE[f.consequence]}`, ...figure });
  };
  return { sent, rule, fields: fieldsFor(rule, ctx.claim.collection), verdict, found };
}

const NOTHING_WRONG: LetterVerdict = { notThisStep: false, noFee: false };

/** Fields left out, before the fee is charged. */
export function checkLetterFields(ctx: Context, ev: PreparedEvent, out: Collected): LetterVerdict {
  const c = checking(ctx, ev, out);
  if (!c) return NOTHING_WRONG;
  for (const f of c.fields) {
    if (c.sent.fields.includes(f.id)) continue;
    if (f.level === 'SHOULD') {
      ctx.warnings.set(`letter|${ev.index}|${f.id}`, { code: 'LETTER_MISSING_RECOMMENDED', eventIndex: ev.index, date: ev.date, message: `${c.rule.title} sendt ${dato(ev.day)} mangler «${f.title}», som god inkassoskikk tilsier (${f.hjemmel}).` });
      continue;
    }
    c.found('LETTER_MISSING_CONTENT', f, `${c.rule.title} sendt ${dato(ev.day)} mangler «${f.title}».`);
  }
  return c.verdict;
}

/**
 * Figures stated wrong: the deadline against the lawful last day (the violation's earliestDate: the
 * earliest deadline the letter could state), the amount against what was lawfully owed (its excess).
 */
export function checkLetterFigures(ctx: Context, ev: PreparedEvent, lawful: LawfulFigures, out: Collected): LetterVerdict {
  const c = checking(ctx, ev, out);
  if (!c) return NOTHING_WRONG;
  const { sent, rule } = c;
  const deadline = lawful.deadline;
  const amount = lawful.amount;
  for (const f of c.fields) {
    if (f.check === 'deadline-at-least-lawful' && sent.deadline !== undefined && deadline !== undefined && sent.deadline < deadline.value) {
      c.found('LETTER_WRONG_FIGURE', f, `${rule.title} sendt ${dato(ev.day)} oppgir fristen ${dato(sent.deadline)}; den lovlige fristen går til og med ${dato(deadline.value)}.`, { earliest: deadline.value, ...explained(deadline, `Brevet oppgir ${isoDate(sent.deadline)}; fristen kan ikke være kortere enn den lovlige. `) });
    }
    if (f.check === 'amount-at-most-lawful' && sent.amount !== undefined && sent.amount > amount.value) {
      const excess = sent.amount - amount.value;
      c.found('LETTER_WRONG_FIGURE', f, `${rule.title} sendt ${dato(ev.day)} krever ${kroner(sent.amount)}; det lovlige beløpet den dagen er ${kroner(amount.value)} (${kroner(excess)} for mye).`, { excess, ...explained(amount, `Brevet krever ${kroner(sent.amount)}, ${kroner(excess)} mer enn det lovlige beløpet. `) });
    }
  }
  return c.verdict;
}

/** The explanation of a lawful figure, for the trace of the violation that states it. */
function explained(x: Explained<unknown>, lead: string): Partial<ViolationRecord> {
  return x.why === undefined ? {} : { why: `${lead}${x.why}`, uses: x.uses ?? [] };
}

/**
 * Costs left out of a letter that must state them all (the betalingsoppfordring, inkassoloven § 10
 * annet ledd bokstav c): what was owed in costs on its day, its own lawful fee included, less the
 * costs its record says it stated. The debtor may take the letter as the whole claim (Lovavdelingen
 * 31.05.2010), so what it left out can no longer be claimed: COSTS_NOT_STATED, the fees it came from
 * forfeited by that much (of what was not yet paid: the earlier fees first, the latest of them
 * first; the letter's own fee last), and the claim's costs less.
 */
export function checkLetterCosts(ctx: Context, state: State, ev: PreparedEvent, out: Collected): void {
  const stated = ev.letter?.costs;
  if (stated === undefined || stated >= state.costs) return;
  const rule = letterRuleFor(ctx.rules, ev.type, ev.day);
  const exhaustive = rule?.exhaustive;
  if (!rule || !exhaustive) return;
  const owed = state.costs;
  let left = owed - stated;
  const explain = tracing(ctx);
  const uses: RuleUse[] = [];
  // Which costs the letter left out, its record does not say. Payments cover the earliest costs,
  // so what was still owed is the latest of them; of that, the costs before the letter are taken
  // to be left out first, the latest first, and its own fee (just charged: owed in full) last.
  const own = out.fees.findIndex((f) => f.eventIndex === ev.index);
  const forfeit = (i: number, most: number) => {
    const f = out.fees[i]!;
    const take = Math.min(left, most);
    if (take <= 0) return;
    left -= take;
    const allowedExplanation = explain ? `${f.allowedExplanation} ${kroner(take)} kr av det kan ikke lenger kreves: ${rule.title.toLowerCase()} sendt ${dato(ev.day)} tok det ikke med (${exhaustive.hjemmel}).`.trim() : f.allowedExplanation;
    out.fees[i] = { ...f, allowed: f.allowed - take, forfeited: [...(f.forfeited ?? []), { amount: take, day: ev.day, eventIndex: ev.index }], allowedExplanation };
    if (explain) uses.push(...f.capUses);
  };
  let open = owed - (own >= 0 ? out.fees[own]!.allowed : 0);
  for (let i = out.fees.length - 1; i >= 0 && left > 0 && open > 0; i--) {
    if (i === own) continue;
    const unpaid = Math.min(out.fees[i]!.allowed, open);
    open -= unpaid;
    forfeit(i, unpaid);
  }
  if (own >= 0) forfeit(own, out.fees[own]!.allowed);
  const forfeited = owed - stated - left;
  state.costs -= forfeited;
  state.costsTotal -= forfeited;
  const message = `${rule.title} sendt ${dato(ev.day)} oppgir inndrivingskostnader på ${kroner(stated)} kr; kostnadene som kunne kreves den dagen, var ${kroner(owed)} kr. ${kroner(forfeited)} kr er utelatt. ${exhaustive.title}.`;
  const why = `Kostnader som ikke var betalt ${dato(ev.day)}, brevets eget lovlige gebyr medregnet: ${kroner(owed)} kr. Brevet oppgir ${kroner(stated)} kr. Utelatt: ${kroner(owed)} − ${kroner(stated)} = ${kroner(forfeited)} kr, trukket fra de ubetalte gebyrene før brevet, det siste først, og brevets eget gebyr til sist (kravet sier ikke hvilke kostnader som ble utelatt).`;
  out.violations.push({ code: 'COSTS_NOT_STATED', eventIndex: ev.index, day: ev.day, hjemmel: exhaustive.hjemmel, rule: `letters.${rule.id}.exhaustive`, message, forfeited, ...(explain ? { why, uses } : {}) });
}
