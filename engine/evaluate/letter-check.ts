/**
 * A sent letter checked against what the law asks of it (rules/letters/): when a step event
 * records what its letter carried (`letter.fields`, the deadline and amount it stated), each MUST
 * field left out is LETTER_MISSING_CONTENT and each figure stated wrong (a deadline earlier than
 * the lawful one, an amount above the lawful one) is LETTER_WRONG_FIGURE, with the consequence the
 * rule gives: none, no fee, or the letter does not count as this step at all. A SHOULD field left
 * out is a warning.
 */
import { dato, type Day } from '../calendar/index.ts';
import { kroner, type Ore } from '../money/index.ts';
import type { LetterConsequence, LetterField, LetterRule, RuleSet } from '../rules/index.ts';
import type { Context } from './context.ts';
import type { PreparedEvent } from './prepare.ts';
import type { Collected } from './records.ts';

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
  const found = (code: 'LETTER_MISSING_CONTENT' | 'LETTER_WRONG_FIGURE', f: LetterField, message: string) => {
    if (f.consequence === 'not-this-step') verdict.notThisStep = true;
    if (f.consequence === 'no-fee') verdict.noFee = true;
    out.violations.push({ code, eventIndex: ev.index, day: ev.day, hjemmel: f.hjemmel, rule: `letters.${rule.id}.${f.id}`, message: `${message}${CONSEQUENCE[f.consequence]}` });
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

/** Figures stated wrong: the deadline against the lawful last day, the amount against what was lawfully owed. */
export function checkLetterFigures(ctx: Context, ev: PreparedEvent, lawful: { deadline: Day | undefined; amount: Ore }, out: Collected): LetterVerdict {
  const c = checking(ctx, ev, out);
  if (!c) return NOTHING_WRONG;
  const { sent, rule } = c;
  for (const f of c.fields) {
    if (f.check === 'deadline-at-least-lawful' && sent.deadline !== undefined && lawful.deadline !== undefined && sent.deadline < lawful.deadline) {
      c.found('LETTER_WRONG_FIGURE', f, `${rule.title} sendt ${dato(ev.day)} oppgir fristen ${dato(sent.deadline)}; den lovlige fristen går til og med ${dato(lawful.deadline)}.`);
    }
    if (f.check === 'amount-at-most-lawful' && sent.amount !== undefined && sent.amount > lawful.amount) {
      c.found('LETTER_WRONG_FIGURE', f, `${rule.title} sendt ${dato(ev.day)} krever ${kroner(sent.amount)}; det lovlige beløpet den dagen er ${kroner(lawful.amount)} (${kroner(sent.amount - lawful.amount)} for mye).`);
    }
  }
  return c.verdict;
}
