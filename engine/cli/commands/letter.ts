/**
 * inkasso letter FILE --step purring|inkassovarsel|betalingsoppfordring|kravspesifikasjon
 *   --date YYYY-MM-DD [--creditor FILE] [--format html|pdf|json] [--out FILE] [--force] [--rules DIR]
 *
 * The letter for a step sent on a day, built from the claim evaluated as of that day: exit 0
 * written, 1 refused (the step is not lawful that day, or a MUST field cannot be filled; the
 * violation is printed), 2 bad input.
 */
import { checkClaim, EvaluationError, formatInputError, parseIsoDate } from '../../node.ts';
import { checkCreditor } from '../../letters/creditor.ts';
import { letterHtml } from '../../letters/html.ts';
import { buildLetter, LetterRefused, type Letter } from '../../letters/letter.ts';
import { letterPdf } from '../../letters/pdf.ts';
import { CliError, EXIT, err, parseJson, readInput } from '../io.ts';
import { writeFileAtomic } from '../output.ts';
import { loadRulesOrExit } from '../rules-option.ts';
import { MAX_CLAIM_BYTES } from './evaluate.ts';
import { writeFileSync, renameSync, rmSync } from 'node:fs';

export interface LetterOptions {
  step?: string | undefined;
  date?: string | undefined;
  creditor?: string | undefined;
  format?: string | undefined;
  out?: string | undefined;
  force?: boolean | undefined;
  rules?: string | undefined;
}

/** The JSON letter: every field with its value, hjemmel and level (the evaluation left out). */
export function letterJson(l: Letter): string {
  const { result: _result, ...rest } = l;
  return `${JSON.stringify(rest, null, 2)}\n`;
}

export async function letterCommand(file: string | undefined, o: LetterOptions): Promise<number> {
  if (!file) throw new CliError('letter needs a claim file (or - for stdin); see inkasso letter --help');
  if (!o.step) throw new CliError('letter needs --step purring|inkassovarsel|betalingsoppfordring|kravspesifikasjon');
  if (!o.date) throw new CliError('letter needs --date YYYY-MM-DD, the day the letter is sent');
  if (parseIsoDate(o.date) === undefined) throw new CliError(`--date ${o.date}: must be a date (YYYY-MM-DD) from 1900 on`);
  const format = o.format ?? (o.out?.endsWith('.pdf') ? 'pdf' : o.out?.endsWith('.html') ? 'html' : 'json');
  if (!['html', 'pdf', 'json'].includes(format)) throw new CliError(`--format ${format}: must be html, pdf or json`);
  if (format === 'pdf' && (!o.out || o.out === '-') && process.stdout.isTTY) throw new CliError('a PDF is not written to a terminal: give --out FILE.pdf');
  const name = file === '-' ? 'stdin' : file;
  const checked = checkClaim(parseJson(readInput(file, MAX_CLAIM_BYTES), name));
  if (!checked.ok) throw new CliError(checked.errors.map((e) => `${name}: ${formatInputError(e)}`).join('\n'));
  let creditor;
  if (o.creditor) {
    const c = checkCreditor(parseJson(readInput(o.creditor, 1 << 16), o.creditor));
    if (!c.ok) throw new CliError(`${o.creditor}: ${c.problem}`);
    creditor = c.creditor;
  }
  const rules = loadRulesOrExit(o.rules);
  let letter: Letter;
  try {
    letter = buildLetter(rules, checked.claim, { step: o.step, date: o.date, ...(creditor ? { creditor } : {}), force: o.force ?? false });
  } catch (e) {
    if (e instanceof LetterRefused) {
      err(`inkasso letter: refused: ${e.message}${e.letter ? '\n(--force builds it all the same, without any fee the law does not allow)' : ''}`);
      return e.letter ? EXIT.findings : EXIT.badInput;
    }
    if (e instanceof EvaluationError) throw new CliError(`${name}: cannot evaluate as of ${o.date}: ${e.message} [${e.code}]`);
    throw e;
  }
  const bytes = format === 'pdf' ? await letterPdf(letter) : Buffer.from(format === 'html' ? letterHtml(letter) : letterJson(letter));
  if (!o.out || o.out === '-') process.stdout.write(bytes);
  else if (format === 'pdf') {
    const tmp = `${o.out}.partial`;
    try {
      writeFileSync(tmp, bytes);
      renameSync(tmp, o.out);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new CliError(`${o.out}: cannot write: ${(e as Error).message}`);
    }
  } else writeFileAtomic(o.out, bytes.toString('utf8'));
  if (!letter.lawful) err(`inkasso letter: written with --force, although the step is not lawful on ${o.date}: ${letter.violations.map((v) => v.code).join(', ')}`);
  return EXIT.ok;
}
