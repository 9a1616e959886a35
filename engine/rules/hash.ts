/**
 * The rule set's content version: SHA-256 over every file's path and exact text, in path order.
 * Any change to a rule file (a value, a comment) gives a new version; every result carries it.
 */
import { createHash } from 'node:crypto';
import type { RuleSource } from './rule-set.ts';

export function contentVersion(sources: readonly RuleSource[]): string {
  const hash = createHash('sha256');
  for (const s of [...sources].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${s.path}\0${s.text.length}\0`);
    hash.update(s.text);
  }
  return hash.digest('hex');
}
