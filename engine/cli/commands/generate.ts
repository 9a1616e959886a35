/**
 * inkasso generate --count N --seed S [--violations SHARE] [--samlesaker SHARE] [--format ndjson|csv]
 *                  [--out FILE] [--expect FILE] [--rules DIR]
 * Writes synthetic claim histories; --expect writes, for each claim with a planted violation, the
 * line it is on and the violations a correct replay must report, and for each planted samlesak
 * (on its last claim's line) the claims of the case and the salær `inkasso samlesak` must find.
 */
import { generateClaims, type PlantedSamlesak } from '../../replay/generate.ts';
import { formatAmount } from '../../money/index.ts';
import { CSV_HEADER, claimCsvRows } from '../../replay/claim-csv.ts';
import { CliError, EXIT, err } from '../io.ts';
import { openOutput, refuseOverwriting } from '../output.ts';
import { loadRulesOrExit } from '../rules-option.ts';
import { plural } from '../../text/plural.ts';

export interface GenerateCommandOptions {
  count?: string | undefined;
  seed?: string | undefined;
  violations?: string | undefined;
  samlesaker?: string | undefined;
  format?: string | undefined;
  out?: string | undefined;
  expect?: string | undefined;
  rules?: string | undefined;
}

function wholeNumber(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) throw new CliError(`--${name} ${text}: must be a whole number from 0 to ${max}`);
  return Number(text);
}

function shareOf(name: string, text: string | undefined, fallback: string): number {
  if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(text ?? fallback)) throw new CliError(`--${name} ${text}: must be a share between 0 and 1, e.g. ${fallback === '0' ? '0.1' : fallback}`);
  return Number(text ?? fallback);
}

/** The expectation line of a planted samlesak: its claims, on which lines, and the salær. */
function samlesakExpected(p: PlantedSamlesak, lines: readonly number[]) {
  return { claimIds: p.claimIds, lines, salaerSeparately: formatAmount(p.separately), salaerTogether: formatAmount(p.together), overcharged: formatAmount(p.separately - p.together) };
}

export async function generateCommand(o: GenerateCommandOptions): Promise<number> {
  const count = wholeNumber('count', o.count, 1000, 100_000_000);
  const seed = wholeNumber('seed', o.seed, 1, 2 ** 31 - 1);
  const share = shareOf('violations', o.violations, '0.25');
  const samlesakShare = shareOf('samlesaker', o.samlesaker, '0');
  const format = o.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') throw new CliError(`--format ${format}: must be ndjson or csv`);
  refuseOverwriting([], [o.out, o.expect]);
  const rules = loadRulesOrExit(o.rules);
  const out = openOutput(o.out);
  const expect = o.expect ? openOutput(o.expect) : undefined;
  let line = 1;
  try {
    if (format === 'csv') {
      await out.write(CSV_HEADER);
      line = 2;
    }
    let text = '';
    let expected = '';
    // The first lines of the last three claims (a samlesak has at most three).
    const recent: number[] = [];
    for (const g of generateClaims(rules, { count, seed, violationShare: share, samlesakShare })) {
      const rows = format === 'csv' ? claimCsvRows(g.claim) : `${JSON.stringify(g.claim)}\n`;
      recent.push(line);
      if (recent.length > 3) recent.shift();
      if (g.planted.length || g.samlesak) {
        const samlesak = g.samlesak ? { samlesak: samlesakExpected(g.samlesak, recent.slice(-g.samlesak.claimIds.length)) } : {};
        expected += `${JSON.stringify({ line, claimId: g.claim.id, kind: g.kind, planted: g.planted, ...samlesak })}\n`;
      }
      line += format === 'csv' ? Math.max(1, g.claim.events.length) : 1;
      text += rows;
      if (text.length > 1 << 20) {
        await out.write(text);
        text = '';
        if (expect) await expect.write(expected);
        expected = '';
      }
    }
    await out.write(text);
    if (expect) await expect.write(expected);
    await out.commit();
    await expect?.commit();
  } catch (e) {
    await out.discard();
    await expect?.discard();
    throw e;
  }
  if (o.out) err(`inkasso generate: ${count} ${plural(count, 'claim', 'claims')} (seed ${seed}, violation share ${share}${samlesakShare > 0 ? `, samlesak share ${samlesakShare}` : ''}) written to ${o.out}`);
  return EXIT.ok;
}
