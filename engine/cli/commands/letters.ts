/**
 * inkasso letters FILE --date DATE --out DIR [--step S] [--creditor FILE] [--debtors FILE]
 *   [--format pdf|html|json] [--map FILE] [--rules DIR]
 *
 * The letters due on a day for a file of claims (NDJSON, or CSV as replay reads it): for each
 * claim, the letter engine/letters/due.ts finds due is written to DIR as
 * <claim id>-<step>-<date>.<format>, each file whole, and DIR/letters-<date>.json
 * (schemas/letters-run.schema.json) lists what was written, with the event to record for each
 * letter, every claim with no letter due and why (or from when), every letter refused and why,
 * and every line that could not be read. --debtors maps each claim's debtor.id to the name and
 * address the letter is sent to.
 *
 * Exit codes: 0 every line read and every letter due written; 1 a line could not be read or a
 * letter due was refused (the rest is written); 2 bad options or a file that cannot be read.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkReviewed, day, EvaluationError } from '../../node.ts';
import { checkCreditor, checkDebtor } from '../../letters/parties.ts';
import { dueLetter } from '../../letters/due.ts';
import { letterHtml } from '../../letters/html.ts';
import type { Creditor, Debtor, Letter } from '../../letters/letter.ts';
import { claimLines } from '../../replay/claim-lines.ts';
import { CsvHeaderError } from '../../replay/read-csv.ts';
import { plural } from '../../text/plural.ts';
import { isCsvFile, readMap } from '../csv-map-option.ts';
import { requireDate } from '../claim-input.ts';
import { CliError, EXIT, err, parseJson, readInput } from '../io.ts';
import { cannotWrite, writeFileAtomic } from '../output.ts';
import { loadRulesOrExit } from '../rules-option.ts';
import { letterJson } from './letter.ts';

export interface LettersOptions {
  date?: string | undefined;
  out?: string | undefined;
  step?: string | undefined;
  creditor?: string | undefined;
  debtors?: string | undefined;
  format?: string | undefined;
  map?: string | undefined;
  rules?: string | undefined;
}

/** The --debtors file: each debtor.id with the name and address its letters go to. */
function readDebtors(file: string): ReadonlyMap<string, Debtor> {
  const parsed = parseJson(readInput(file, 64 << 20), file);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CliError(`${file}: the debtors are a JSON object, each debtor.id with its name and address: { "D-1": { "name": …, "address": [ … ] } }`);
  const debtors = new Map<string, Debtor>();
  for (const [id, value] of Object.entries(parsed)) {
    const d = checkDebtor(value);
    if (!d.ok) throw new CliError(`${file}: /${id.replace(/~/g, '~0').replace(/\//g, '~1')}${d.problem.startsWith('/') ? d.problem : `: ${d.problem}`}`);
    debtors.set(id, d.debtor);
  }
  return debtors;
}

/** The output folder, checked: it is made only once every option has been checked. */
function outputFolder(dir: string | undefined): string {
  if (!dir || dir === '-') throw new CliError('letters needs --out DIR, the folder the letters are written to');
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new CliError(`--out ${dir}: is a file, not a folder`);
  return dir;
}

/** A file name for a claim's letter: its id with anything but letters, digits, dot and dash made _. */
function fileName(claimId: string, step: string, date: string, ext: string, line: number, used: Set<string>): string {
  const base = `${claimId.replace(/[^\w.-]/g, '_').slice(0, 100)}-${step}-${date}`;
  const name = used.has(`${base}.${ext}`) ? `${base}-line${line}.${ext}` : `${base}.${ext}`;
  used.add(name);
  return name;
}

export async function lettersCommand(file: string | undefined, o: LettersOptions): Promise<number> {
  if (!file || file === '-') throw new CliError('letters needs a claims file (NDJSON, or CSV as replay reads it)');
  if (!existsSync(file)) throw new CliError(`${file}: no such file`);
  if (statSync(file).isDirectory()) throw new CliError(`${file}: is a folder, not a file`);
  const date = requireDate('letters', '--date', o.date, ', the day the letters are sent');
  const format = o.format ?? 'pdf';
  if (!['pdf', 'html', 'json'].includes(format)) throw new CliError(`--format ${format}: must be pdf, html or json`);
  const dir = outputFolder(o.out);
  let creditor: Creditor | undefined;
  if (o.creditor) {
    const c = checkCreditor(parseJson(readInput(o.creditor, 1 << 16), o.creditor));
    if (!c.ok) throw new CliError(`${o.creditor}: ${c.problem}`);
    creditor = c.creditor;
  }
  const debtors = o.debtors ? readDebtors(o.debtors) : undefined;
  const csv = o.map ? readMap(o.map) : isCsvFile(file) ? {} : undefined;
  const rules = loadRulesOrExit(o.rules);
  try {
    checkReviewed(rules, day(date));
  } catch (e) {
    if (e instanceof EvaluationError) throw new CliError(`--date ${date}: ${e.message}`);
    throw e;
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw cannotWrite(dir, e);
  }
  const pdf = format === 'pdf' ? (await import('../../letters/pdf.ts')).letterPdf : undefined;
  const render = async (l: Letter): Promise<Uint8Array> => (pdf ? pdf(l) : Buffer.from(format === 'html' ? letterHtml(l) : letterJson(l)));

  const run = { kind: 'inkassomotor.letters-run', date, rulesVersion: rules.version, input: file, written: [] as object[], notDue: [] as object[], refused: [] as object[], unread: [] as object[] };
  const steps = new Map<string, number>();
  const used = new Set<string>();
  try {
    for await (const { line, result } of claimLines(file, csv)) {
      if (!result.ok) {
        run.unread.push({ line, ...(result.claimId !== undefined ? { claimId: result.claimId } : {}), code: result.error.code, message: result.error.message, ...(result.error.pointer ? { pointer: result.error.pointer } : {}) });
        continue;
      }
      const claim = result.claim;
      const due = dueLetter(rules, claim, date, { ...(o.step ? { step: o.step } : {}), ...(creditor ? { creditor } : {}), ...(debtors ? { debtors } : {}) });
      if (due.kind === 'not-due') {
        run.notDue.push({ line, claimId: claim.id, ...due.notDue });
        continue;
      }
      if (due.kind === 'refused') {
        run.refused.push({ line, claimId: claim.id, ...(due.step ? { step: due.step } : {}), reason: due.reason, message: due.message });
        continue;
      }
      const l = due.letter;
      const name = fileName(claim.id, l.letter, date, format, line, used);
      writeFileAtomic(join(dir, name), await render(l));
      steps.set(l.letter, (steps.get(l.letter) ?? 0) + 1);
      run.written.push({ line, claimId: claim.id, step: l.letter, file: name, amountDue: l.amountDue, ...(l.fee && l.fee.amount !== '0.00' ? { fee: l.fee.amount } : {}), ...(l.deadline ? { deadline: l.deadline } : {}), event: l.event });
    }
  } catch (e) {
    if (e instanceof CsvHeaderError) throw new CliError(`${file}: ${e.message}`);
    throw e;
  }
  const index = `letters-${date}.json`;
  writeFileAtomic(join(dir, index), `${JSON.stringify(run, null, 2)}\n`);

  const n = (k: number, one: string, many: string) => `${k} ${plural(k, one, many)}`;
  const bySteps = [...steps].map(([s, k]) => `${k} ${s}`).join(', ');
  const notDue = run.notDue as { why: string; code?: string }[];
  const reasons = new Map<string, number>();
  for (const x of notDue) reasons.set(x.code ?? x.why, (reasons.get(x.code ?? x.why) ?? 0) + 1);
  process.stdout.write(`inkasso letters: ${n(run.written.length, 'letter', 'letters')} written to ${dir}${bySteps ? ` (${bySteps})` : ''}; ${n(notDue.length, 'claim', 'claims')} with no letter due${reasons.size ? ` (${[...reasons].map(([r, k]) => `${k} ${r}`).join(', ')})` : ''}; ${run.refused.length} refused; ${n(run.unread.length, 'line', 'lines')} not read; index ${join(dir, index)}\n`);
  for (const r of (run.refused as { line: number; claimId: string; message: string }[]).slice(0, 20)) err(`  line ${r.line} (${r.claimId}): refused: ${r.message}`);
  for (const u of (run.unread as { line: number; message: string }[]).slice(0, 20)) err(`  line ${u.line}: not read: ${u.message}`);
  return run.refused.length || run.unread.length ? EXIT.findings : EXIT.ok;
}
