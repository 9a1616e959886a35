/**
 * The benchmark sections beyond the engine's own: the editor's golden preview, replay and the
 * samlesak check at scale, replay of CSV against NDJSON, and the HTTP load test.
 */
import type { RuleSet } from '../../engine/node.ts';
import type { GeneratedClaim } from '../../engine/replay/generate.ts';

export interface BenchContext {
  readonly rules: RuleSet;
  readonly claims: readonly GeneratedClaim[];
  compiledPerSecond: number;
  /** This machine's yardstick: µs to JSON.parse one claim's text (set by the engine section). */
  parseMicros: number;
  readonly line: (label: string, value: string) => void;
  readonly fmt: (n: number) => string;
  /** The figures --json prints, by name (engine.claimsPerSecond, replay.ratioVsParse, …). */
  readonly figures: Record<string, number | string>;
}

import { previewSection } from './preview.ts';
import { replaySection } from './replay.ts';
import { httpSection } from './http.ts';
import { cliSection } from './cli.ts';
import { samlesakSection } from './samlesak.ts';
import { csvSection } from './csv.ts';

export interface SectionOptions {
  /** Claims in the replay at scale. */
  readonly replayCount: number;
  /** Seconds per HTTP load run. */
  readonly httpSeconds: number;
  /** Claims in the samlesak check at scale. */
  readonly samlesakCount: number;
  /** Claims in the CSV replay, as CSV and as NDJSON. */
  readonly csvCount: number;
}

export const SECTIONS = (o: SectionOptions): Record<string, (ctx: BenchContext) => Promise<void>> => ({
  cli: cliSection,
  preview: previewSection,
  replay: (ctx) => replaySection(ctx, o.replayCount),
  samlesak: (ctx) => samlesakSection(ctx, o.samlesakCount),
  csv: (ctx) => csvSection(ctx, o.csvCount),
  http: (ctx) => httpSection(ctx, o.httpSeconds),
});
