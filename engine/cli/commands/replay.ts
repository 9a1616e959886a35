/**
 * inkasso replay FILE|- [--rules DIR] [--as-of DATE | --as-of-event] [--format auto|ndjson|csv]
 *   [--map FILE] [--compare DIR] [--out FILE] [--summary FILE] [--report FILE] [--workers N]
 *   [--all] [--quiet]
 *
 * Exit codes: 0 every claim read and lawful; 1 violations found or lines that could not be read or
 * evaluated; 2 bad options or input that cannot be read at all; 3 a worker failed (what was done
 * is written); 130 interrupted by SIGINT, SIGTERM or SIGHUP (what was done is written whole,
 * the summary says complete: false).
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { dateReason, DATE_FORM, krText, parseIsoDate } from '../../node.ts';
import { isCsvFile, readMap } from '../csv-map-option.ts';
import { CsvHeaderError } from '../../replay/read-csv.ts';
import { LEDGER_HEADER } from '../../ledger/ledger.ts';
import { reportHtml } from '../../replay/report-html.ts';
import { claimsSource, openClaimsFile } from '../../replay/claims-file.ts';
import { runReplay } from '../../replay/run.ts';
import { plural } from '../../text/plural.ts';
import { printable } from '../../text/terminal.ts';
import { atLine } from '../problem-text.ts';
import { parseShard } from '../../replay/shard.ts';
import type { AsOfMode } from '../../replay/claim-line.ts';
import type { ReplaySummary } from '../../replay/summary.ts';
import { requireClaimsFile, CliError, EXIT, err } from '../io.ts';
import { checkWritable, openOutput, refuseOverwriting, writeFileAtomic } from '../output.ts';
import { progressLine } from '../progress.ts';
import { loadRulesOrExit, requireReviewed, rulesDirOf } from '../rules-option.ts';
import { claimsFileStat, workersOption, workersPerCore } from '../workers-option.ts';

export interface ReplayCommandOptions {
  rules?: string | undefined;
  compare?: string | undefined;
  'as-of'?: string | undefined;
  'as-of-event'?: boolean | undefined;
  format?: string | undefined;
  map?: string | undefined;
  out?: string | undefined;
  summary?: string | undefined;
  report?: string | undefined;
  workers?: string | undefined;
  all?: boolean | undefined;
  quiet?: boolean | undefined;
  shard?: string | undefined;
  ledger?: string | undefined;
}

function formatOption(option: string | undefined): 'auto' | 'ndjson' | 'csv' {
  const f = option ?? 'auto';
  if (f !== 'auto' && f !== 'ndjson' && f !== 'csv') throw new CliError(`--format ${f}: must be auto, ndjson or csv`);
  return f;
}

/** Chart.js's browser build, inlined in the HTML report. */
export function chartJs(): string {
  const main = createRequire(import.meta.url).resolve('chart.js');
  return readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8');
}

export async function replayCommand(file: string | undefined, o: ReplayCommandOptions): Promise<number> {
  if (!file) throw new CliError('replay needs a claims file (NDJSON or CSV, or - for stdin); see inkasso replay --help');
  if (o['as-of'] !== undefined && o['as-of-event']) throw new CliError('give either --as-of DATE or --as-of-event, not both');
  let asOf: AsOfMode = { kind: 'event' };
  if (o['as-of'] !== undefined) {
    const d = parseIsoDate(o['as-of']);
    if (d === undefined) throw new CliError(`--as-of ${o['as-of']}: ${DATE_FORM}${dateReason(o['as-of'])}`);
    asOf = { kind: 'fixed', day: d };
  }
  const shard = o.shard === undefined ? undefined : parseShard(o.shard);
  if (o.shard !== undefined && !shard) throw new CliError(`--shard ${o.shard}: must be K/N, the K-th of N shards counted from 0 (0/3, 1/3, 2/3)`);
  const formatGiven = formatOption(o.format);
  if (file !== '-') requireClaimsFile(file);
  // Told by the name, or by the text of a file whose name does not say (csv-map-option.ts).
  const format = formatGiven !== 'auto' ? formatGiven : isCsvFile(file) ? 'csv' : 'ndjson';
  if (o.map && format !== 'csv') throw new CliError('--map applies to CSV input only (use --format csv)');
  const csvMap = o.map ? readMap(o.map) : undefined;
  const workers = workersOption(o.workers, file === '-' ? undefined : claimsFileStat(file), format);
  refuseOverwriting([file, o.map], [o.out, o.summary, o.report, o.ledger]);
  // The summary and the report are written when the run ends: a path they cannot take is refused now.
  checkWritable(o.summary);
  checkWritable(o.report);
  const rules = { dir: rulesDirOf(o.rules).label, ruleSet: loadRulesOrExit(o.rules) };
  const compare = o.compare ? { dir: rulesDirOf(o.compare, '--compare').label, ruleSet: loadRulesOrExit(o.compare, '--compare') } : undefined;
  if (asOf.kind === 'fixed') {
    requireReviewed(rules.ruleSet, asOf.day, `--as-of ${o['as-of']}`);
    if (compare) requireReviewed(compare.ruleSet, asOf.day, `--as-of ${o['as-of']} (the --compare rules, ${compare.dir})`);
  }
  const chart = o.report ? chartJs() : '';

  const size = file === '-' ? undefined : statSync(file).size;
  const input = file === '-' ? claimsSource(process.stdin, 'stdin', undefined, csvMap?.encoding) : openClaimsFile(file, csvMap?.encoding);
  const out = openOutput(o.out);
  const ledger = o.ledger ? openOutput(o.ledger) : undefined;
  await ledger?.write(`${LEDGER_HEADER}\n`);
  const progress = progressLine(process.stderr, size, { quiet: o.quiet ?? false });
  const controller = new AbortController();
  // Ctrl-C, SIGTERM (a service manager, a container stop) and SIGHUP (a closed terminal) all stop
  // the run the same way: the batches in hand are finished and written whole, then the summary.
  const STOP = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const onStop = (signal: NodeJS.Signals) => {
    for (const s of STOP) process.removeListener(s, onStop); // a second signal quits at once
    controller.abort();
    // Ends a wait for more input (stdin); the batches already read are finished and written.
    input.destroy();
    progress.done();
    err(`inkasso replay: ${signal}: stopping after the batches in progress (send it again to quit at once)`);
  };
  for (const s of STOP) process.on(s, onStop);
  let summary: ReplaySummary;
  try {
    ({ summary } = await runReplay({
      input: { name: file === '-' ? 'stdin' : file, stream: input.bytes, failure: input.failure },
      format,
      ...(csvMap ? { csvMap } : {}),
      rules,
      ...(compare ? { compare } : {}),
      asOf,
      workers,
      all: o.all ?? false,
      out,
      signal: controller.signal,
      // Of a gzip file, the bytes read as stored, against its size.
      onProgress: (p) => progress.update(input.compressed() ? { ...p, bytes: input.bytesRead() } : p),
      ...(shard ? { shard } : {}),
      ...(ledger ? { ledger } : {}),
    }));
  } catch (e) {
    progress.done();
    await out.discard();
    await ledger?.discard();
    // A header the damaged gzip data cut off is said as that damage.
    if (e instanceof CsvHeaderError) throw new CliError(input.failure()?.message ?? `${file}: ${e.message}`);
    throw e;
  } finally {
    for (const s of STOP) process.removeListener(s, onStop);
    if (file !== '-') input.destroy();
  }
  progress.done();
  await out.commit();
  await ledger?.commit();
  if (o.summary) {
    if (o.summary === '-') process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else writeFileAtomic(o.summary, `${JSON.stringify(summary, null, 2)}\n`);
  }
  if (o.report) writeFileAtomic(o.report, reportHtml(summary, chart));
  if (!o.quiet) err(summaryText(summary, { out: o.out, ledger: o.ledger, summary: o.summary, report: o.report }));
  // Stopped by a damaged gzip file: what was read before it is written, and the input is to blame.
  if (!summary.complete) return summary.stoppedReason === 'interrupted' ? EXIT.interrupted : input.failure() ? EXIT.badInput : EXIT.internal;
  return summary.claims.withViolations || summary.claims.malformed || summary.claims.failed ? EXIT.findings : EXIT.ok;
}

const group = (n: number) => Math.round(n).toLocaleString('en-US').replace(/,/g, ' ');

/** The scale replay is sized for: six million claims, the order of a year of collection in Norway. */
export const PROJECTED_CLAIMS = 6_000_000;

/**
 * How long six million claims would take at this run's rate, on this machine with these workers: for
 * a run of at least 10 000 claims (a smaller one is mostly start-up), not for merged shards (their
 * rate is not one machine's). A run in the main thread says so where a file of six million claims
 * would have worker threads by default (`perCore` of them, two or more): such a file is not read at
 * this rate.
 */
export function projection(s: ReplaySummary, perCore = workersPerCore()): string | undefined {
  if (s.mergedFrom || s.claims.read < 10_000 || s.claimsPerSecond <= 0) return undefined;
  const seconds = PROJECTED_CLAIMS / s.claimsPerSecond;
  const about = seconds < 120 ? `${Math.round(seconds)} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
  const line = `  at this rate ${group(PROJECTED_CLAIMS)} claims would take about ${about}`;
  return s.workers === 0 && perCore >= 2 ? `${line} (by default a file that size has ${perCore} worker threads)` : line;
}

/** How many violation codes the closing lines list, the most frequent first; and codes of failure. */
const CODES_SHOWN = 8;
const FAILED_SHOWN = 5;

/** "… 5 more codes with 17 violations: every code is in the summary (s.json)". */
function moreCodes(codes: number, count: number, one: string, many: string, where: string): string {
  return `    … ${group(codes)} more ${plural(codes, 'code', 'codes')} with ${group(count)} ${plural(count, one, many)}${where}`;
}

/** The few lines printed on stderr at the end of a run. */
export function summaryText(s: ReplaySummary, files: { out?: string | undefined; ledger?: string | undefined; summary?: string | undefined; report?: string | undefined }): string {
  const c = s.claims;
  const lines = [
    `inkasso replay${s.shard ? ` (shard ${s.shard.index} of ${s.shard.count})` : s.mergedFrom ? ` (${s.mergedFrom} shards merged)` : ''}: ${group(c.read)} ${plural(c.read, 'claim', 'claims')} in ${s.seconds.toFixed(1)} s (${group(s.claimsPerSecond)}/s, ${s.workers ? `${s.workers} worker${s.workers === 1 ? '' : 's'}` : 'in the main thread'}), rules ${s.rules.version.slice(0, 12)}${s.complete ? '' : ` — STOPPED (${s.stoppedReason}) after line ${s.lastLine}`}`,
    `  ${group(c.withViolations)} with violations (${group(s.violations.total)} ${plural(s.violations.total, 'violation', 'violations')}), overcharged ${krText(s.overcharged.total)} kr (fees ${krText(s.overcharged.fees)}, interest ${krText(s.overcharged.interest)})`,
  ];
  const projected = projection(s);
  if (projected) lines.splice(1, 0, projected);
  for (const e of s.violations.byCode.slice(0, CODES_SHOWN)) lines.push(`    ${e.code.padEnd(36)} ${group(e.violations).padStart(9)}`);
  // The codes listed add up to the total only with those left out: a tester checks the figures.
  const where = files.summary && files.summary !== '-' ? `: every code is in the summary (${files.summary})` : files.report ? `: every code is in the report (${files.report})` : '';
  const rest = s.violations.byCode.slice(CODES_SHOWN);
  if (rest.length) lines.push(moreCodes(rest.length, rest.reduce((n, e) => n + e.violations, 0), 'violation', 'violations', where));
  if (c.malformed || c.failed) {
    lines.push(`  ${group(c.malformed)} malformed ${plural(c.malformed, 'line', 'lines')}, ${group(c.failed)} ${plural(c.failed, 'claim', 'claims')} that could not be evaluated`);
    for (const p of s.problems.slice(0, 5)) lines.push(`    ${atLine(p.line, printable(p.message))}`);
    if (c.malformed + c.failed > 5) lines.push(`    … all of them are in the findings${files.out ? ` (${files.out})` : ''}`);
  }
  if (s.unconfirmed.claimsWithViolations) lines.push(`  ${group(s.unconfirmed.claimsWithViolations)} ${plural(s.unconfirmed.claimsWithViolations, 'claim with violations rests', 'claims with violations rest')} on a value with one source (status S)`);
  if (s.compare) {
    const k = s.compare;
    lines.push(`  compare ${k.rules.dir}: ${group(k.changed)} of ${group(k.compared)} ${plural(k.compared, 'claim changes', 'claims change')}; interest ${krText(k.interest.before)} → ${krText(k.interest.after)} kr, fees ${krText(k.fees.before)} → ${krText(k.fees.after)} kr; next step moves for ${group(k.nextStep.moved)}`);
    if (k.failedOnlyOneSide) {
      lines.push(`  ${group(k.failedOnlyOneSide)} ${plural(k.failedOnlyOneSide, 'claim', 'claims')} could be evaluated under only one of the rule sets:`);
      for (const f of k.failedByCode.slice(0, FAILED_SHOWN)) lines.push(`    ${f.side === 'after' ? 'not under the proposed rules' : 'not under the current rules'}: ${f.code.padEnd(24)} ${group(f.claims).padStart(9)}`);
      const failedRest = k.failedByCode.slice(FAILED_SHOWN);
      if (failedRest.length) lines.push(moreCodes(failedRest.length, failedRest.reduce((n, f) => n + f.claims, 0), 'claim', 'claims', where));
    }
  }
  const written = [
    files.out && files.out !== '-' ? `${s.compare ? 'impact' : 'findings'} ${files.out}` : '',
    files.ledger && files.ledger !== '-' ? `ledger ${files.ledger}` : '',
    files.summary && files.summary !== '-' ? `summary ${files.summary}` : '',
    files.report ? `report ${files.report}` : '',
  ].filter(Boolean);
  if (written.length) lines.push(`  wrote ${written.join(', ')}`);
  return lines.join('\n');
}
