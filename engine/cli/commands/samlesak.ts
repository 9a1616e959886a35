/**
 * inkasso samlesak FILE [--map FILE] [--rules DIR] [--as-of DATE] [--format json|text] [--out FILE] [--workers N] [--quiet]
 *
 * Claims of one creditor against one debtor that the inkassoforetak should have collected as one
 * case, each charged salær (engine/samlesak/samlesak.ts). Exit 1 when salær was overcharged in
 * some case, 0 when not, 2 on bad input, 130 when stopped by Ctrl-C, SIGTERM or SIGHUP (at once:
 * a report needs both readings; nothing is written, and its temporary files are removed). Progress
 * goes to stderr as replay's does (both readings of the file count: halfway is the end of the first).
 */
import { statSync } from 'node:fs';
import { datoText, day, krText } from '../../node.ts';
import { SAMLESAK_RULE, SamlesakFinder, type Samlesak, type SamlesakFound, type SamlesakProblem, type SamlesakReport } from '../../samlesak/samlesak.ts';
import { SpillError, SpillFile } from '../../replay/spill-file.ts';
import { claimLines } from '../../replay/claim-lines.ts';
import { DamagedInput } from '../../replay/claims-file.ts';
import type { AsOfMode } from '../../replay/claim-line.ts';
import { requireDate } from '../claim-input.ts';
import { isCsvFile, readMap } from '../csv-map-option.ts';
import { CsvHeaderError } from '../../replay/read-csv.ts';
import { requireClaimsFile, CliError, err, EXIT } from '../io.ts';
import { checkWritable, openOutput, refuseOverwriting, removeUnfinished } from '../output.ts';
import { loadRulesOrExit, requireReviewed } from '../rules-option.ts';
import { progressLine } from '../progress.ts';
import { readFirstOnThreads } from '../samlesak-threads.ts';
import { claimsFileStat, workersOption } from '../workers-option.ts';
import { WorkerFailed } from '../../replay/pool.ts';
import type { RuleSet } from '../../rules/index.ts';
import { plural } from '../../text/plural.ts';
import { printable } from '../../text/terminal.ts';
import { besideLine } from '../problem-text.ts';

const NOT_TEXT: Record<keyof SamlesakReport['notCandidates'], string> = {
  egeninkasso: 'egeninkasso',
  no_ids: 'uten creditor.id og debtor.id',
  not_handed_over: 'ikke overført til inkassoforetaket',
  disputed: 'med innsigelse',
  policy_off: 'der regelen ikke slår sammen',
};

/**
 * The report as a compliance officer reads it (Norwegian), a case at a time: the cases are read
 * from their store as they are written.
 */
export function* samlesakText({ summary: r, samlesaker, problems }: SamlesakFound): Generator<string> {
  const n = samlesaker.length;
  // What could not be read stands in the first line too: "none overcharged" says nothing of them.
  const unread = problems.length ? `, ${problems.length} kunne ikke vurderes` : '';
  yield `${n
    ? `Samlesaker: ${n} ${plural(n, 'sak', 'saker')} med for mye salær, ${krText(r.overcharged)} kr i alt (${r.claimsRead} krav lest, ${r.candidates} kunne slås sammen${unread})`
    : `Samlesaker: ingen med for mye salær (${r.claimsRead} krav lest, ${r.candidates} kunne slås sammen, ${r.casesWithinCap} ${plural(r.casesWithinCap, 'sak', 'saker')} innenfor taket${unread})`}\n`;
  if (r.rule) yield `Regel: ${r.rule.id} = ${r.rule.value} (fra ${datoText(r.rule.validFrom)}, status ${r.rule.status}): ${r.rule.hjemmel}\n`;
  for (const s of samlesaker.ordered()) {
    const lines = ['', `Kreditor ${s.creditor}, skyldner ${s.debtor}, overført ${datoText(s.handedOver)}: ${s.claims.length} krav, hovedstol ${krText(s.principal)} kr`];
    for (const c of s.claims) lines.push(`  linje ${c.line} ${c.claimId}: hovedstol ${krText(c.principal)} kr, salær krevd ${krText(c.salaerCharged)} kr, lovlig som egen sak ${krText(c.salaerAllowed)} kr`);
    lines.push(`  Salær hver for seg ${krText(s.salaerAllowedSeparately)} kr, lovlig som én sak ${krText(s.salaerAllowedTogether)} kr per ${datoText(s.asOf)}: ${krText(s.overcharged)} kr for mye (${s.hjemmel}; ${s.rules.join(', ')})`);
    for (const w of s.warnings) lines.push(`  Obs: ${w.message}`);
    yield `${lines.join('\n')}\n`;
  }
  const left = Object.entries(r.notCandidates).filter(([, k]) => k > 0).map(([why, k]) => `${k} ${NOT_TEXT[why as keyof typeof NOT_TEXT]}`);
  if (left.length) yield `\nIkke med: ${left.join(', ')}.\n`;
  if (problems.length) {
    const lines = ['', `Kunne ikke vurderes (${problems.length}):`];
    let shown = 0;
    for (const p of problems.ordered()) {
      lines.push(`  linje ${p.line}${p.claimId ? ` ${printable(p.claimId)}` : ''}: ${printable(besideLine(p.line, p.message))} [${p.code}]`);
      if (++shown === 20) break;
    }
    if (problems.length > 20) lines.push(`  … og ${problems.length - 20} til (--format json viser alle)`);
    yield `${lines.join('\n')}\n`;
  }
}

/**
 * The report as indented JSON, a problem and a case at a time: a file with many of either is
 * never one string (the lists come last).
 */
function* jsonParts({ summary, samlesaker, problems }: SamlesakFound): Generator<string> {
  const head = JSON.stringify(summary, null, 2);
  yield `${head.slice(0, head.lastIndexOf('\n}'))},`;
  yield* jsonList('problems', problems.ordered());
  yield ',';
  yield* jsonList('samlesaker', samlesaker.ordered());
  yield '\n}\n';
}

/** `"name": [...]` at the report's first level, indented as JSON.stringify(report, null, 2) would. */
function* jsonList(name: string, items: Iterable<unknown>): Generator<string> {
  yield `\n  "${name}": [`;
  let first = true;
  for (const item of items) {
    yield `${first ? '' : ','}\n    ${JSON.stringify(item, null, 2).replace(/\n/g, '\n    ')}`;
    first = false;
  }
  yield `${first ? '' : '\n  '}]`;
}

export async function samlesakCommand(file: string | undefined, o: { asOf?: string | undefined; rules?: string | undefined; format?: string | undefined; out?: string | undefined; map?: string | undefined; workers?: string | undefined; quiet?: boolean | undefined }): Promise<number> {
  if (!file) throw new CliError('samlesak needs a claims file (NDJSON, one claim a line, or CSV in the replay\'s layout)');
  if (file === '-') throw new CliError('samlesak reads its file twice (first the keys, then the claims of each case), so it needs a file, not standard input');
  requireClaimsFile(file);
  if (!statSync(file).isFile()) throw new CliError(`${file}: is not a regular file (samlesak reads it twice)`);
  const format = o.format ?? 'text';
  if (format !== 'json' && format !== 'text') throw new CliError(`--format ${format}: must be json or text`);
  // A *.csv or *.tsv file, one of another name whose text is CSV, or any file with --map, is CSV
  // in the replay's layout.
  const isCsv = Boolean(o.map) || isCsvFile(file);
  // The first reading (every line parsed and checked) runs on worker threads; the second reads few lines.
  const workers = workersOption(o.workers, claimsFileStat(file), isCsv ? 'csv' : 'ndjson');
  refuseOverwriting([file, o.map], [o.out]);
  checkWritable(o.out);
  const mode: AsOfMode = o.asOf === undefined ? { kind: 'event' } : { kind: 'fixed', day: day(requireDate('samlesak', '--as-of', o.asOf)) };
  const rules = loadRulesOrExit(o.rules);
  if (mode.kind === 'fixed') requireReviewed(rules, mode.day, `cannot check as of ${o.asOf}`);
  if (!rules.series.has(SAMLESAK_RULE)) throw new CliError(`the rules have no ${SAMLESAK_RULE} (rules/policies/samlesak/sammenslaaing.yaml), which says which claims are one case`);
  const csv = o.map ? readMap(o.map) : isCsv ? {} : undefined;
  // The cases and problems found wait in temporary files (a file of millions of claims may have
  // hundreds of thousands of either), removed when the report is written or the command fails.
  // Stopped, it quits at once (half a report would say nothing of the cases not yet complete); the
  // handlers come first, so that no signal finds the files made and nobody to remove them.
  const made: SpillFile<unknown>[] = [];
  const spill = <T>(): SpillFile<T> => {
    const f = new SpillFile<T>('samlesak');
    made.push(f as SpillFile<unknown>);
    return f;
  };
  const dispose = () => {
    for (const f of made) f.dispose();
  };
  // Both readings of the file, as one progress: claims read in either, bytes of twice the file.
  const progress = progressLine(process.stderr, 2 * statSync(file).size, { quiet: o.quiet ?? false, label: 'samlesak' });
  const onStop = (signal: NodeJS.Signals) => {
    dispose();
    removeUnfinished();
    progress.done(); // on a terminal, the progress line is cleared before the message
    err(`inkasso samlesak: ${signal}: stopped; no report written`);
    process.exit(EXIT.interrupted);
  };
  for (const s of STOP) process.on(s, onStop);
  try {
    const stores = { samlesaker: spill<Samlesak>(), problems: spill<SamlesakProblem>() };
    return await findAndReport(file, o.out, format, csv, new SamlesakFinder(rules, mode, stores), progress, workers > 0 ? { workers, rules, mode } : undefined);
  } catch (e) {
    if (e instanceof SpillError) throw new CliError(`samlesak: ${e.message}`);
    if (e instanceof DamagedInput) throw new CliError(`samlesak: ${e.message}; no report written`);
    if (e instanceof WorkerFailed) {
      if (process.env.INKASSO_DEBUG && e.detail) err(e.detail);
      throw new CliError(`samlesak: ${e.message}; no report written`, EXIT.internal);
    }
    throw e;
  } finally {
    for (const s of STOP) process.removeListener(s, onStop);
    dispose();
  }
}

const STOP = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

async function findAndReport(file: string, out: string | undefined, format: 'json' | 'text', csv: ReturnType<typeof readMap> | undefined, finder: SamlesakFinder, progress: ReturnType<typeof progressLine>, threads?: { readonly workers: number; readonly rules: RuleSet; readonly mode: AsOfMode }): Promise<number> {
  const size = statSync(file).size;
  const started = performance.now();
  let claims = 0;
  const reading = (pass: number) => (bytes: number) => progress.update({ claims, bytes: pass * size + bytes, seconds: (performance.now() - started) / 1000 });
  try {
    if (threads) {
      const onRead = reading(0);
      await readFirstOnThreads(file, csv, finder, threads.workers, threads.rules, threads.mode, (lines, bytes) => {
        claims += lines;
        onRead(bytes);
      });
    } else {
      for await (const { line, result } of claimLines(file, csv, reading(0))) {
        claims++;
        if (result.ok) finder.consider({ line, claim: result.claim });
        else finder.unreadable({ line, ...(result.claimId !== undefined ? { claimId: result.claimId } : {}), code: result.error.code, message: result.error.message });
      }
    }
    // The second reading parses only the claims of possible cases; every claim counts for progress.
    const wanted = (line: number) => {
      claims++;
      return finder.wanted(line);
    };
    for await (const { line, result } of claimLines(file, csv, reading(1), wanted)) {
      if (result.ok) finder.revisit({ line, claim: result.claim });
    }
  } catch (e) {
    if (e instanceof CsvHeaderError) throw new CliError(`${file}: ${e.message}`);
    throw e;
  } finally {
    progress.done();
  }
  const found = finder.finish();
  const output = openOutput(out);
  try {
    for (const part of format === 'text' ? samlesakText(found) : jsonParts(found)) await output.write(part);
    await output.commit();
  } catch (e) {
    await output.discard();
    throw e;
  }
  // As replay: a line that is not a claim, or a case that could not be evaluated, is a finding too,
  // so that a pipeline does not take a file it could not read for one without overcharges.
  return found.samlesaker.length || found.problems.length ? EXIT.findings : EXIT.ok;
}
