/**
 * The rule set's content version: SHA-256 over every file's path and exact text, in path order.
 * Any change to a rule file (a value, a comment) gives a new version; every result carries it.
 *
 * node:crypto is taken when a version is first made, not when this module is loaded: a command
 * whose rules are the package's own (engine/rule-cache.ts) makes none, and on Node 22 and 24
 * loading the module alone takes 1–6 ms of a start of about 50.
 */
import { createRequire } from 'node:module';
import { isRuleFile } from './kinds.ts';
import type { RuleSource } from './rule-set.ts';

let crypto: typeof import('node:crypto') | undefined;

export function contentVersion(sources: readonly RuleSource[]): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  const hash = crypto.createHash('sha256');
  for (const s of [...sources].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${s.path}\0${s.text.length}\0`);
    hash.update(s.text);
  }
  return hash.digest('hex');
}

/**
 * A rule set's version from its files: the content version of its rule files alone (a README or
 * another file in the folder is no part of it). What parseRules gives a rule set, the compiled-rules
 * cache looks it up by, and the editor's journal records.
 */
export function ruleSetVersion(sources: readonly RuleSource[]): string {
  return contentVersion(sources.filter((s) => isRuleFile(s.path)));
}
