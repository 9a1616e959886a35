/**
 * Rule and golden-case sources from plain JavaScript that are not what the parser reads: said so,
 * as a TypeError that names what to pass, not a failure deep inside it.
 */
import type { RuleSource } from './rule-set.ts';

/** Throws unless `sources` is a list of { path, text } strings; `caller` names the function. */
export function checkSources(sources: unknown, caller: string): asserts sources is readonly RuleSource[] {
  if (!Array.isArray(sources)) throw new TypeError(`${caller}: the sources must be a list of { path, text } (readRuleSources(dir) from 'inkassomotor/node' gives one)`);
  sources.forEach((s: Partial<Record<keyof RuleSource, unknown>> | null, i) => {
    if (typeof s?.path !== 'string' || typeof s.text !== 'string') throw new TypeError(`${caller}: source ${i} must be { path, text } with two strings`);
  });
}
