/**
 * inkasso letters FILE --date DATE --out DIR [--step S] [--creditor FILE] [--debtors FILE]
 *   [--format pdf|html|json] [--map FILE] [--rules DIR] [--quiet]
 *
 * The letters due on a day for a file of claims (NDJSON, or CSV as replay reads it): for each
 * claim, the letter engine/letters/due.ts finds due is written to DIR as
 * <claim id>-<step>-<date>.<format>, each file whole, and DIR/letters-<date>.json
 * (schemas/letters-run.schema.json) lists what was written, with the event to record for each
 * letter, every claim with no letter due and why (or from when), every letter refused and why,
 * and every line that could not be read. --debtors maps each claim's debtor.id to the name and
 * address the letter is sent to. Progress goes to stderr as replay's does (--quiet: none off a
 * terminal).
 *
 * Exit codes: 0 every line read and every letter due written; 1 a line could not be read or a
 * letter due was refused (the rest is written); 2 bad options or a file that cannot be read; 130
 * stopped by Ctrl-C, SIGTERM or SIGHUP (at once: the letters written so far are whole, no index).
 */
import { existsSync, statSync } from 'node:fs';
import { makeFolder } from '../../make-folder.ts';
import { join } from 'node:path';
import { day } from '../../node.ts';
import { checkDebtor } from '../../letters/parties.ts';
import { readCreditorFile, refusalText } from '../party-files.ts';
import { dueLetter, letterSteps } from '../../letters/due.ts';
import { letterHtml } from '../../letters/html.ts';
import type { Creditor, Debtor, Letter } from '../../letters/letter.ts';
import { cannotPrint } from '../../text/pdf-printable.ts';
import { firstUnprintable, partyTexts, textName } from '../../letters/printable.ts';
import { claimLines } from '../../replay/claim-lines.ts';
import { DamagedInput } from '../../replay/claims-file.ts';
import { CsvHeaderError } from '../../replay/read-csv.ts';
import { SpillError, SpillFile } from '../../replay/spill-file.ts';
import { plural } from '../../text/plural.ts';
import { isCsvFile, readMap } from '../csv-map-option.ts';
import { requireDate } from '../claim-input.ts';
import { requireClaimsFile, CliError, EXIT, err, parseJson, readInput } from '../io.ts';
import { cannotMakeFolder, openOutput, refuseOverwriting, removeUnfinished, writeFileAtomic } from '../output.ts';
import { loadRulesOrExit, requireReviewed } from '../rules-option.ts';
import { progressLine } from '../progress.ts';
import { atLine } from '../problem-text.ts';
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
  quiet?: boolean | undefined;
}

const STOP = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The --debtors file: each debtor.id with the name and address its letters go to. */
function readDebtors(file: string): ReadonlyMap<string, Debtor> {
  const parsed = parseJson(readInput(file, 64 << 20), file);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CliError(`${file}: the debtors are a JSON object, each debtor.id with its name and address: { "D-1": { "name": …, "address": [ … ] } }`);
  const debtors = new Map<string, Debtor>();
  for (const [id, value] of Object.entries(parsed)) {
    const d = checkDebtor(value);
    if (!d.ok) {
      const at = `${file}: /${id.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      throw new CliError(d.problems.map((p) => `${at}${p.startsWith('/') ? p : `: ${p}`}`).join('\n'));
    }
    debtors.set(id, d.debtor);
  }
  return debtors;
}

/**
 * A creditor whose name or address the PDF cannot print would have every letter refused (each
 * debtor's own is refused with that claim's letter): said at once, before anything is written.
 */
function refuseUnprintableCreditor(file: string, c: Creditor): void {
  const bad = firstUnprintable(partyTexts('creditor', c));
  if (bad) throw new CliError(`${file}: ${bad.where.slice('/creditor'.length)}: ${cannotPrint(bad.character, textName(bad.where))}; no PDF letter could be written (--format html)`);
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
  requireClaimsFile(file);
  const date = requireDate('letters', '--date', o.date, ', the day the letters are sent');
  const format = o.format ?? 'pdf';
  if (!['pdf', 'html', 'json'].includes(format)) throw new CliError(`--format ${format}: must be pdf, html or json`);
  const dir = outputFolder(o.out);
  // The index is the one file with a name known in advance: it must not be a file the run reads.
  refuseOverwriting([file, o.creditor, o.debtors, o.map], [join(dir, `letters-${date}.json`)]);
  const creditor = o.creditor ? readCreditorFile(o.creditor) : undefined;
  if (format === 'pdf' && creditor) refuseUnprintableCreditor(o.creditor!, creditor);
  const debtors = o.debtors ? readDebtors(o.debtors) : undefined;
  const csv = o.map ? readMap(o.map) : isCsvFile(file) ? {} : undefined;
  const rules = loadRulesOrExit(o.rules);
  if (o.step !== undefined && !letterSteps(rules).includes(o.step)) throw new CliError(`--step ${o.step}: must be one of ${letterSteps(rules).join(', ')}`);
  requireReviewed(rules, day(date), `--date ${date}`);
  const pdf = format === 'pdf' ? await import('../../letters/pdf.ts') : undefined;
  // A letter with a character the PDF cannot print (a name in Chinese or Arabic, an emoji) is
  // refused, not printed with empty boxes: what it cannot print comes back for the refused list.
  const render = async (l: Letter): Promise<Uint8Array | { cannotPrint: string }> => {
    if (!pdf) return Buffer.from(format === 'html' ? letterHtml(l) : letterJson(l));
    try {
      return await pdf.letterPdf(l);
    } catch (e) {
      if (e instanceof pdf.PdfCannotPrint) return { cannotPrint: e.message };
      throw e;
    }
  };

  // The four lists are kept in temporary files until the index is written (a portfolio of a
  // million claims has as many entries, most of them not due), and counted here for the summary.
  // Stopped by a signal, the run quits at once: the letters written so far are whole, the index is
  // not written, and a second run writes the same letters again with the index. The handlers come
  // first, so that no signal finds the temporary files made and nobody to remove them.
  const made: SpillFile<object>[] = [];
  const progress = progressLine(process.stderr, statSync(file).size, { quiet: o.quiet ?? false, label: 'letters' });
  const onStop = (signal: NodeJS.Signals) => {
    for (const f of made) f.dispose();
    removeUnfinished();
    progress.done(); // on a terminal, the progress line is cleared before the message
    err(`inkasso letters: ${signal}: stopped; the letters written so far are in ${dir}, whole, but no index: run it again to write them with the index`);
    process.exit(EXIT.interrupted);
  };
  for (const s of STOP) process.on(s, onStop);
  const spill = () => {
    try {
      const f = new SpillFile<object>('letters');
      made.push(f);
      return f;
    } catch (e) {
      if (e instanceof SpillError) throw new CliError(`inkasso letters: ${e.message}`);
      throw e;
    }
  };
  let lists;
  try {
    lists = { written: spill(), notDue: spill(), refused: spill(), unread: spill() };
    // The folder last: a run that cannot start (no room for its temporary files) leaves none behind.
    try {
      makeFolder(dir);
    } catch (e) {
      throw cannotMakeFolder(`--out ${dir}`, e);
    }
  } catch (e) {
    for (const s of STOP) process.removeListener(s, onStop);
    for (const f of made) f.dispose();
    throw e;
  }
  const steps = new Map<string, number>();
  // Letters with warnings (a figure resting on one source …): counted in the summary, listed in the index.
  let warned = 0;
  const reasons = new Map<string, number>();
  const said: string[] = [];
  const used = new Set<string>();
  const index = join(dir, `letters-${date}.json`);
  const started = performance.now();
  let claims = 0;
  const onRead = (bytes: number) => progress.update({ claims, bytes, seconds: (performance.now() - started) / 1000 });
  try {
    try {
      for await (const { line, result } of claimLines(file, csv, onRead)) {
        claims++;
        if (!result.ok) {
          lists.unread.push(line, { line, ...(result.claimId !== undefined ? { claimId: result.claimId } : {}), code: result.error.code, message: result.error.message, ...(result.error.pointer ? { pointer: result.error.pointer } : {}) });
          if (said.length < 20) said.push(`  not read: ${atLine(line, result.error.message)}`);
          continue;
        }
        const claim = result.claim;
        const due = dueLetter(rules, claim, date, { ...(o.step ? { step: o.step } : {}), ...(creditor ? { creditor } : {}), ...(debtors ? { debtors } : {}) });
        if (due.kind === 'not-due') {
          lists.notDue.push(line, { line, claimId: claim.id, ...due.notDue });
          const why = due.notDue.why === 'blocked' ? due.notDue.code : due.notDue.why;
          reasons.set(why, (reasons.get(why) ?? 0) + 1);
          continue;
        }
        if (due.kind === 'refused') {
          const message = refusalText(due.reason, due.message);
          lists.refused.push(line, { line, claimId: claim.id, ...(due.step ? { step: due.step } : {}), reason: due.reason, message });
          if (said.length < 20) said.push(`  line ${line} (${claim.id}): refused: ${message}`);
          continue;
        }
        const l = due.letter;
        const bytes = await render(l);
        if ('cannotPrint' in bytes) {
          lists.refused.push(line, { line, claimId: claim.id, step: l.letter, reason: 'cannot-print', message: bytes.cannotPrint });
          if (said.length < 20) said.push(`  line ${line} (${claim.id}): refused: ${bytes.cannotPrint}`);
          continue;
        }
        const name = fileName(claim.id, l.letter, date, format, line, used);
        writeFileAtomic(join(dir, name), bytes);
        steps.set(l.letter, (steps.get(l.letter) ?? 0) + 1);
        lists.written.push(line, { line, claimId: claim.id, step: l.letter, file: name, amountDue: l.amountDue, ...(l.event && 'fee' in l.event && l.event.fee !== undefined ? { fee: l.event.fee } : {}), ...(l.deadline ? { deadline: l.deadline } : {}), event: l.event, ...(l.warnings.length ? { warnings: l.warnings } : {}) });
        if (l.warnings.length) warned++;
      }
    } catch (e) {
      if (e instanceof CsvHeaderError) throw new CliError(`${file}: ${e.message}`);
      if (e instanceof SpillError) throw new CliError(`inkasso letters: ${e.message}`);
      // As when stopped: the letters written before it stay, each whole, and no index is written.
      if (e instanceof DamagedInput) throw new CliError(`inkasso letters: ${e.message}; the letters written before it are in ${dir}, whole, but no index`);
      throw e;
    } finally {
      progress.done();
    }
    await writeIndex(index, { kind: 'inkassomotor.letters-run', date, rulesVersion: rules.version, input: file }, lists);
  } finally {
    for (const s of STOP) process.removeListener(s, onStop);
    for (const list of Object.values(lists)) list.dispose();
  }

  const n = (k: number, one: string, many: string) => `${k} ${plural(k, one, many)}`;
  const bySteps = [...steps].map(([s, k]) => `${k} ${s}`).join(', ');
  process.stdout.write(`inkasso letters: ${n(lists.written.length, 'letter', 'letters')} written to ${dir}${bySteps ? ` (${bySteps})` : ''}${warned ? `, ${warned} of them with warnings (in the index)` : ''}; ${n(lists.notDue.length, 'claim', 'claims')} with no letter due${reasons.size ? ` (${[...reasons].map(([r, k]) => `${k} ${r}`).join(', ')})` : ''}; ${lists.refused.length} refused; ${n(lists.unread.length, 'line', 'lines')} not read; index ${index}\n`);
  for (const line of said) err(line);
  return lists.refused.length || lists.unread.length ? EXIT.findings : EXIT.ok;
}

/**
 * The index, written as it is read back from the lists (one entry a line), into FILE.partial and
 * then renamed: whole or not at all.
 */
async function writeIndex(file: string, head: Record<string, string>, lists: Record<'written' | 'notDue' | 'refused' | 'unread', SpillFile<object>>): Promise<void> {
  const out = openOutput(file);
  try {
    let chunk = `{\n${Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`).join('')}`;
    const names = Object.keys(lists) as (keyof typeof lists)[];
    for (const [i, name] of names.entries()) {
      chunk += `  ${JSON.stringify(name)}: [`;
      let first = true;
      for (const item of lists[name].ordered()) {
        chunk += `${first ? '\n' : ',\n'}    ${JSON.stringify(item)}`;
        first = false;
        if (chunk.length >= 1 << 20) {
          await out.write(chunk);
          chunk = '';
        }
      }
      chunk += `${first ? '' : '\n  '}]${i < names.length - 1 ? ',' : ''}\n`;
    }
    await out.write(`${chunk}}\n`);
    await out.commit();
  } catch (e) {
    await out.discard();
    throw e;
  }
}
