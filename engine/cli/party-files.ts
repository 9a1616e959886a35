/**
 * The parties a letter names, read from the JSON files --creditor and --debtor give (checked as
 * engine/letters/parties.ts checks them); a problem is said with the file's name, exit 2.
 */
import { checkCreditor, checkDebtor } from '../letters/parties.ts';
import type { Creditor, Debtor } from '../letters/letter.ts';
import { CliError, parseJson, readInput } from './io.ts';

/** A party file is small: a name and a few lines of address. */
const MAX_PARTY_BYTES = 1 << 16;

export function readCreditorFile(file: string): Creditor {
  const c = checkCreditor(parseJson(readInput(file, MAX_PARTY_BYTES), file));
  if (!c.ok) throw new CliError(c.problems.map((p) => `${file}: ${p}`).join('\n'));
  return c.creditor;
}

/**
 * A refusal as the command line says it: a letter refused for want of the creditor names the
 * option that gives it (the library and the API say "give the creditor", the API with the pointer
 * /creditor).
 */
export function refusalText(reason: string, message: string): string {
  return reason === 'missing-content' ? `${message} (--creditor FILE)` : message;
}

export function readDebtorFile(file: string): Debtor {
  const d = checkDebtor(parseJson(readInput(file, MAX_PARTY_BYTES), file));
  if (!d.ok) throw new CliError(d.problems.map((p) => `${file}: ${p}`).join('\n'));
  return d.debtor;
}
