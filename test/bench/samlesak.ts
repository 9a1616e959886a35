/**
 * The samlesak check at scale: `inkasso samlesak` on --samlesak-count generated claims (default
 * 1 000 000, about 470 MB) of which a share was handed over together with copies of themselves
 * (`inkasso generate --samlesaker 0.05`), as its own process, timed, with its peak memory. It reads
 * the file twice; the floor is one core reading and JSON.parse-ing it once (the faster of a
 * reading before the command and one after, test/bench/floor.ts). The cases it finds are
 * checked against those the generator planted.
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeFloor, timedAgainstFloor } from './floor.ts';
import { generatedFile } from './generated-file.ts';
import type { BenchContext } from './sections.ts';

const SHARE = '0.05';

export async function samlesakSection(ctx: BenchContext, count: number): Promise<void> {
  const generated = generatedFile(ctx, 'samlesak', count, ['--samlesaker', SHARE], { expect: true });
  if (!generated) return;
  const { file, expect } = generated;
  const planted = readFileSync(expect!, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { samlesak?: { overcharged: string } }).filter((e) => e.samlesak);
  const overcharged = planted.filter((e) => e.samlesak!.overcharged !== '0.00').length;
  console.log(`\nsamlesak — ${ctx.fmt(count)} generated claims (${ctx.fmt(planted.length)} planted samlesaker, ${ctx.fmt(overcharged)} charged too much salær), inkasso samlesak as its own process`);
  // The floor, read before the command and after it (test/bench/floor.ts).
  const out = join(dirname(file), 'samlesak-report.json');
  const { floor, seconds, stderr } = await timedAgainstFloor(file, ['samlesak', file, '--format', 'json', '--out', out, '--quiet']);
  const parseSeconds = floor.seconds;
  ctx.line('one core reading and JSON.parse-ing every line once', describeFloor(floor));
  const report = JSON.parse(readFileSync(out, 'utf8')) as { claimsRead: number; candidates: number; casesWithinCap: number; samlesaker: unknown[] };
  rmSync(out, { force: true });
  const rss = /maxRSS (\d+)/.exec(stderr);
  const found = report.samlesaker.length === overcharged && report.casesWithinCap === planted.length - overcharged;
  ctx.line('claims read, candidates', `${ctx.fmt(report.claimsRead)}, ${ctx.fmt(report.candidates)}`);
  ctx.line('cases found too expensive, within the cap', `${ctx.fmt(report.samlesaker.length)}, ${ctx.fmt(report.casesWithinCap)}   (${found ? 'exactly those planted' : 'NOT THOSE PLANTED'})`);
  if (!found) process.exitCode = 1;
  ctx.line('wall time, both readings', `${seconds.toFixed(1)} s   (${ctx.fmt(report.claimsRead / seconds)} claims/s)`);
  ctx.line('samlesak / reading and parsing once', `${(seconds / parseSeconds).toFixed(2)}×`);
  ctx.line('peak memory, maxRSS', rss ? `${ctx.fmt(Number(rss[1]) / 1024)} MB` : 'not reported');
  ctx.figures['samlesak.claims'] = report.claimsRead;
  ctx.figures['samlesak.seconds'] = Number(seconds.toFixed(1));
  ctx.figures['samlesak.claimsPerSecond'] = Math.round(report.claimsRead / seconds);
  ctx.figures['samlesak.ratioVsParse'] = Number((seconds / parseSeconds).toFixed(2));
  ctx.figures['samlesak.casesFound'] = report.samlesaker.length;
  if (rss) ctx.figures['samlesak.peakMb'] = Math.round(Number(rss[1]) / 1024);
}
