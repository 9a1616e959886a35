/**
 * inkasso letter FILE --step purring|inkassovarsel|betalingsoppfordring|kravspesifikasjon
 *   --date YYYY-MM-DD [--creditor FILE] [--debtor FILE] [--format html|pdf|json] [--out FILE] [--force]
 *   [--rules DIR]
 *
 * The letter for a step sent on a day, built from the claim evaluated as of that day: exit 0
 * written, 1 refused (the step is not lawful that day, or a MUST field cannot be filled; the
 * violation is printed), 2 bad input. The letter's warnings (a figure resting on one source, events
 * after the day left out …) go to stderr, and are in the JSON letter.
 */
import { EvaluationError } from '../../node.ts';
import { letterHtml } from '../../letters/html.ts';
import { buildLetter, LetterRefused, type Letter } from '../../letters/letter.ts';
import { CliError, EXIT, err } from '../io.ts';
import { refuseOverwriting, writeFileAtomic } from '../output.ts';
import { loadRulesOrExit } from '../rules-option.ts';
import { readCreditorFile, readDebtorFile, refusalText } from '../party-files.ts';
import { cannotEvaluate, readClaimFile, requireClaimFile, requireDate } from '../claim-input.ts';

export interface LetterOptions {
  step?: string | undefined;
  date?: string | undefined;
  creditor?: string | undefined;
  debtor?: string | undefined;
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
  const claimFile = requireClaimFile('letter', file);
  if (!o.step) throw new CliError('letter needs --step purring|inkassovarsel|betalingsoppfordring|kravspesifikasjon');
  const date = requireDate('letter', '--date', o.date, ', the day the letter is sent');
  const format = o.format ?? (o.out?.endsWith('.pdf') ? 'pdf' : o.out?.endsWith('.html') ? 'html' : 'json');
  if (!['html', 'pdf', 'json'].includes(format)) throw new CliError(`--format ${format}: must be html, pdf or json`);
  if (format === 'pdf' && (!o.out || o.out === '-') && process.stdout.isTTY) throw new CliError('a PDF is not written to a terminal: give --out FILE.pdf');
  refuseOverwriting([claimFile, o.creditor, o.debtor], [o.out]);
  const { name, claim } = readClaimFile(claimFile, '--date');
  const creditor = o.creditor ? readCreditorFile(o.creditor) : undefined;
  const debtor = o.debtor ? readDebtorFile(o.debtor) : undefined;
  const rules = loadRulesOrExit(o.rules);
  let letter: Letter;
  try {
    letter = buildLetter(rules, claim, { step: o.step, date, ...(creditor ? { creditor } : {}), ...(debtor ? { debtor } : {}), force: o.force ?? false });
  } catch (e) {
    if (e instanceof LetterRefused) {
      err(`inkasso letter: refused: ${refusalText(e.reason, e.message)}${e.letter ? '\n(--force builds it all the same, without any fee the law does not allow)' : ''}`);
      return e.letter ? EXIT.findings : EXIT.badInput;
    }
    if (e instanceof EvaluationError) throw cannotEvaluate(name, date, e);
    throw e;
  }
  // PDFKit (with its fonts) is loaded only for a PDF: it takes longer to load than the rest of the command.
  const bytes = format === 'pdf' ? await pdfOf(letter, { claim: claimFile, creditor: o.creditor, debtor: o.debtor }) : Buffer.from(format === 'html' ? letterHtml(letter) : letterJson(letter));
  if (!o.out || o.out === '-') process.stdout.write(bytes);
  else writeFileAtomic(o.out, bytes);
  if (!letter.lawful) err(`inkasso letter: written with --force, although the step is not lawful on ${date}: ${letter.violations.map((v) => v.code).join(', ')}`);
  // For the sender, whatever the format: the HTML and the PDF go to the debtor and do not print them.
  for (const w of letter.warnings) err(`inkasso letter: warning: ${w.code}: ${w.message}`);
  return EXIT.ok;
}

/**
 * The letter as a PDF, or exit 2 when it has a character the PDF cannot print, named with the file
 * and the field it came from: a name in Chinese or Arabic, or an emoji, is not printed as boxes.
 */
async function pdfOf(letter: Letter, files: { claim: string; creditor: string | undefined; debtor: string | undefined }): Promise<Uint8Array> {
  const { letterPdf, PdfCannotPrint } = await import('../../letters/pdf.ts');
  try {
    return await letterPdf(letter);
  } catch (e) {
    if (!(e instanceof PdfCannotPrint)) throw e;
    const [, part, ...rest] = e.where.split('/');
    const file = part === 'claim' ? files.claim : part === 'creditor' ? files.creditor : part === 'debtor' ? files.debtor : undefined;
    throw new CliError(`${file ? `${file}: /${rest.join('/')}: ` : ''}${e.message} (--format html)`);
  }
}
