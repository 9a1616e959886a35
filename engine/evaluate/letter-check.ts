/**
 * A sent letter checked against what the law asks of it (rules/letters/): when a step event
 * records what its letter carried (`letter.fields`, the deadline and amount it stated), each MUST
 * field left out is LETTER_MISSING_CONTENT and each figure stated wrong (a deadline earlier than
 * the lawful one, an amount above the lawful one) is LETTER_WRONG_FIGURE, with the consequence the
 * rule gives: none, no fee, or the letter does not count as this step at all. A SHOULD field left
 * out is a warning.
 */
import { isoDate, type Day } from '../calendar/index.ts';
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

/** Fields left out, before the fee is charged. */
export function checkLetterFields(ctx: Context, ev: PreparedEvent, out: Collected): LetterVerdict {
  const sent = ev.letter;
  if (!sent) return { notThisStep: false, noFee: false };
  const rule = letterRuleFor(ctx.rules, ev.type, ev.day);
  if (!rule) return { notThisStep: false, noFee: false };
  let notThisStep = false;
  let noFee = false;
  for (const f of fieldsFor(rule, ctx.claim.collection)) {
    if (sent.fields.includes(f.id)) continue;
    if (f.level === 'SHOULD') {
      ctx.warnings.set(`letter|${ev.index}|${f.id}`, { code: 'LETTER_MISSING_RECOMMENDED', eventIndex: ev.index, date: ev.date, message: `${rule.title}et ${ev.date} mangler «${f.title}», som god inkassoskikk krever (${f.hjemmel}).` });
      continue;
    }
    if (f.consequence === 'not-this-step') notThisStep = true;
    if (f.consequence === 'no-fee') noFee = true;
    out.violations.push({
      code: 'LETTER_MISSING_CONTENT', eventIndex: ev.index, day: ev.day, hjemmel: f.hjemmel, rule: `letters.${rule.id}.${f.id}`,
      message: `${rule.title} sendt ${ev.date} mangler «${f.title}».${CONSEQUENCE[f.consequence]}`,
    });
  }
  return { notThisStep, noFee };
}

/** Figures stated wrong: the deadline against the lawful last day, the amount against what was lawfully owed. */
export function checkLetterFigures(ctx: Context, ev: PreparedEvent, lawful: { deadline: Day | undefined; amount: Ore }, out: Collected): LetterVerdict {
  const sent = ev.letter;
  if (!sent) return { notThisStep: false, noFee: false };
  const rule = letterRuleFor(ctx.rules, ev.type, ev.day);
  if (!rule) return { notThisStep: false, noFee: false };
  let notThisStep = false;
  let noFee = false;
  const wrong = (f: LetterField, message: string) => {
    if (f.consequence === 'not-this-step') notThisStep = true;
    if (f.consequence === 'no-fee') noFee = true;
    out.violations.push({ code: 'LETTER_WRONG_FIGURE', eventIndex: ev.index, day: ev.day, hjemmel: f.hjemmel, rule: `letters.${rule.id}.${f.id}`, message: `${message}${CONSEQUENCE[f.consequence]}` });
  };
  for (const f of fieldsFor(rule, ctx.claim.collection)) {
    if (f.check === 'deadline-at-least-lawful' && sent.deadline !== undefined && lawful.deadline !== undefined && sent.deadline < lawful.deadline) {
      wrong(f, `${rule.title} sendt ${ev.date} oppgir fristen ${isoDate(sent.deadline)}; den lovlige fristen går til og med ${isoDate(lawful.deadline)}.`);
    }
    if (f.check === 'amount-at-most-lawful' && sent.amount !== undefined && sent.amount > lawful.amount) {
      wrong(f, `${rule.title} sendt ${ev.date} krever ${kroner(sent.amount)}; det lovlige beløpet den dagen er ${kroner(lawful.amount)} (${kroner(sent.amount - lawful.amount)} for mye).`);
    }
  }
  return { notThisStep, noFee };
}
