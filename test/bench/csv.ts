/**
 * CSV replay at scale: `inkasso replay` on --csv-count generated claims (default 1 000 000) written
 * as CSV (one row per event, about 420 MB) and as NDJSON, the same claims, each as its own process
 * on all cores, in turn, twice (the faster of each counts: the machine's speed moves between runs).
 * The workers read a CSV claim's fields and assemble it; the main thread only finds the records and
 * their claim ids (engine/replay/read-csv.ts). The ratio says what CSV costs beyond NDJSON.
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { timedCommand } from './floor.ts';
import { generatedFile } from './generated-file.ts';
import type { BenchContext } from './sections.ts';

export async function csvSection(ctx: BenchContext, count: number): Promise<void> {
  const csv = generatedFile(ctx, 'csv-claims', count, [], { csv: true });
  const ndjson = csv && generatedFile(ctx, 'csv-claims', count);
  if (!csv || !ndjson) return;
  console.log(`\ncsv — ${ctx.fmt(count)} generated claims as CSV and as NDJSON, inkasso replay as its own process, in turn, twice`);
  const summaryFile = join(dirname(csv.file), 'csv-summary.json');
  const best = { csv: Infinity, ndjson: Infinity };
  let rss: RegExpExecArray | null = null;
  let read = 0;
  for (let round = 0; round < 2; round++) {
    for (const [kind, file] of [['ndjson', ndjson.file], ['csv', csv.file]] as const) {
      rmSync(summaryFile, { force: true });
      const { seconds, stderr } = await timedCommand(['replay', file, '--out', '/dev/null', '--summary', summaryFile, '--quiet']);
      const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as { claims: { read: number; malformed: number } };
      if (summary.claims.read !== count || summary.claims.malformed !== 0) throw new Error(`replay of ${file} read ${summary.claims.read} claims, ${summary.claims.malformed} malformed`);
      if (seconds < best[kind]) {
        best[kind] = seconds;
        if (kind === 'csv') rss = /maxRSS (\d+)/.exec(stderr);
      }
      read = summary.claims.read;
    }
  }
  rmSync(summaryFile, { force: true });
  ctx.line('NDJSON, the faster of two', `${best.ndjson.toFixed(1)} s   (${ctx.fmt(read / best.ndjson)} claims/s)`);
  ctx.line('CSV, the faster of two', `${best.csv.toFixed(1)} s   (${ctx.fmt(read / best.csv)} claims/s)`);
  ctx.line('CSV / NDJSON', `${(best.csv / best.ndjson).toFixed(2)}×`);
  ctx.line('peak memory of the CSV run, maxRSS', rss ? `${ctx.fmt(Number(rss[1]) / 1024)} MB` : 'not reported');
  ctx.figures['csv.claims'] = read;
  ctx.figures['csv.seconds'] = Number(best.csv.toFixed(1));
  ctx.figures['csv.ndjsonSeconds'] = Number(best.ndjson.toFixed(1));
  ctx.figures['csv.claimsPerSecond'] = Math.round(read / best.csv);
  ctx.figures['csv.ratioVsNdjson'] = Number((best.csv / best.ndjson).toFixed(2));
  if (rss) ctx.figures['csv.peakMb'] = Math.round(Number(rss[1]) / 1024);
}
