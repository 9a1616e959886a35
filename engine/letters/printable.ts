/**
 * Which text of a letter the PDF cannot print (engine/text/pdf-printable.ts), named as the request
 * names it: the parties' texts by their JSON pointer (/debtor/address/1), and that pointer in
 * words ("line 2 of the debtor's address"). Used by the PDF and by inkasso letters, which checks
 * its one creditor before it writes anything; it loads no PDF library.
 */
import { unprintable } from '../text/pdf-printable.ts';
import type { Creditor, Debtor } from './letter.ts';

/** The texts a letter prints of a party, each with its JSON pointer in a request. */
export function partyTexts(party: 'creditor' | 'debtor', p: Creditor | Debtor): [string, string][] {
  return [[`/${party}/name`, p.name], ...(p.address ?? []).map((a, i): [string, string] => [`/${party}/address/${i}`, a])];
}

/** A text of the letter named by its JSON pointer in words; '' is the letter's own text. */
export function textName(where: string): string {
  if (where === '/claim/id') return "the claim's id";
  const [, party, field, line] = where.split('/');
  if (field === 'name') return `the ${party}'s name`;
  if (field === 'address') return `line ${Number(line) + 1} of the ${party}'s address`;
  return "the letter's own text (rules/letters/)";
}

/** The first of the texts (pointer, text) with a character the PDF cannot print, and that character. */
export function firstUnprintable(texts: readonly (readonly [string, string])[]): { where: string; character: string } | undefined {
  for (const [where, text] of texts) {
    const character = unprintable(text);
    if (character !== undefined) return { where, character };
  }
  return undefined;
}
