/**
 * inkasso generate --count N --seed S [--violations SHARE] [--format ndjson|csv] [--out FILE]
 *                  [--expect FILE] [--rules DIR]
 * Writes synthetic claim histories; --expect writes, for each claim with a planted violation, the
 * line it is on and the violations a correct replay must report.
 */
import { generateClaims } from '../../replay/generate.ts';
import { CSV_HEADER, claimCsvRows } from '../../replay/claim-csv.ts';
import { CliError, EXIT, err } from '../io.ts';
import { openOutput } from '../output.ts';
import { loadRulesOrExit } from '../rules-option.ts';

export interface GenerateCommandOptions {
  count?: string | undefined;
  seed?: string | undefined;
  violations?: string | undefined;
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

export async function generateCommand(o: GenerateCommandOptions): Promise<number> {
  const count = wholeNumber('count', o.count, 1000, 100_000_000);
  const seed = wholeNumber('seed', o.seed, 1, 2 ** 31 - 1);
  const share = o.violations === undefined ? 0.25 : Number(o.violations);
  if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(o.violations ?? '0.25')) throw new CliError(`--violations ${o.violations}: must be a share between 0 and 1, e.g. 0.25`);
  const format = o.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') throw new CliError(`--format ${format}: must be ndjson or csv`);
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
    for (const g of generateClaims(rules, { count, seed, violationShare: share })) {
      const rows = format === 'csv' ? claimCsvRows(g.claim) : `${JSON.stringify(g.claim)}\n`;
      if (g.planted.length) expected += `${JSON.stringify({ line, claimId: g.claim.id, kind: g.kind, planted: g.planted })}\n`;
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
  if (o.out) err(`inkasso generate: ${count} claims (seed ${seed}, violation share ${share}) written to ${o.out}`);
  return EXIT.ok;
}
