/**
 * Further benchmark sections (the editor's golden preview, replay, HTTP) register here.
 */
import type { RuleSet } from '../../engine/node.ts';
import type { GeneratedClaim } from '../../engine/replay/generate.ts';

export interface BenchContext {
  readonly rules: RuleSet;
  readonly claims: readonly GeneratedClaim[];
  compiledPerSecond: number;
  readonly line: (label: string, value: string) => void;
  readonly fmt: (n: number) => string;
}

import { previewSection } from './preview.ts';

export const SECTIONS: Record<string, (ctx: BenchContext) => Promise<void>> = {
  preview: previewSection,
};
