/**
 * inkasso replay merge SUMMARY... [--summary FILE] [--report FILE.html] [--quiet]
 *
 * Combines the summaries of the shards of one replay (inkasso replay --shard K/N) into the
 * summary and report a single run over the whole file gives. Exit codes as replay: 0 lawful, 1
 * violations or problems found, 2 bad input (summaries that do not belong together), 3 a shard
 * missing or stopped (the merged summary says which).
 */
import { mergeSummaries, MergeError } from '../../replay/merge.ts';
import { reportHtml } from '../../replay/report-html.ts';
import type { ReplaySummary } from '../../replay/summary.ts';
import { validatorFor } from '../../rules/index.ts';
import { CliError, EXIT, err, parseJson, readInput } from '../io.ts';
import { checkWritable, refuseOverwriting, writeFileAtomic } from '../output.ts';
import { chartJs, summaryText } from './replay.ts';

export async function replayMergeCommand(files: string[], o: { summary?: string | undefined; report?: string | undefined; quiet?: boolean | undefined }): Promise<number> {
  if (!files.length) throw new CliError('replay merge needs the shards\' summary files: inkasso replay merge s0.json s1.json s2.json --summary all.json');
  // Neither the summary nor the report is written if either cannot be, nor over a shard's summary.
  refuseOverwriting(files, [o.summary, o.report]);
  checkWritable(o.summary);
  checkWritable(o.report);
  const validate = validatorFor('replay-summary.schema.json');
  const summaries = files.map((f) => {
    const s = parseJson(readInput(f, 64 << 20), f);
    if (!validate(s)) throw new CliError(`${f}: not a replay summary (${validate.errors?.[0]?.instancePath || '/'} ${validate.errors?.[0]?.message ?? ''})`);
    return s as ReplaySummary;
  });
  let merged: ReplaySummary;
  try {
    merged = mergeSummaries(summaries);
  } catch (e) {
    if (e instanceof MergeError) throw new CliError(`replay merge: ${e.message}`);
    throw e;
  }
  if (o.summary) {
    if (o.summary === '-') process.stdout.write(`${JSON.stringify(merged, null, 2)}\n`);
    else writeFileAtomic(o.summary, `${JSON.stringify(merged, null, 2)}\n`);
  }
  if (o.report) writeFileAtomic(o.report, reportHtml(merged, chartJs()));
  if (!o.quiet) err(summaryText(merged, { summary: o.summary, report: o.report }));
  if (!merged.complete) return EXIT.internal;
  return merged.claims.withViolations || merged.claims.malformed || merged.claims.failed ? EXIT.findings : EXIT.ok;
}
