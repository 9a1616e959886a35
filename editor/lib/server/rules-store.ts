/**
 * The published rules: the YAML files in the rules folder, read into a checked rule set and cached
 * until the next publish. Publishing writes every changed file atomically (temporary file, flush,
 * rename); all temporary files are written and flushed before the first rename.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { randomBytes, createHash } from 'node:crypto';
import { parseRules, readRuleSources, type RuleSet, type RuleSource } from '$engine/node.ts';
import { inside } from './paths.ts';

/** A short fingerprint of a file's text: the version an edit was based on. */
export function textVersion(text: string | null): string {
  return text === null ? 'ny' : createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export class RulesStore {
  readonly dir: string;
  private cache: { sources: RuleSource[]; ruleSet: RuleSet } | undefined;
  constructor(dir: string) {
    this.dir = dir;
  }

  sources(): RuleSource[] {
    return this.load().sources;
  }

  /** The published rule set. It always loads: nothing that fails validation is ever published. */
  ruleSet(): RuleSet {
    return this.load().ruleSet;
  }

  text(path: string): string | null {
    return this.sources().find((s) => s.path === path)?.text ?? null;
  }

  private load() {
    if (!this.cache) {
      const sources = readRuleSources(this.dir);
      const { ruleSet, diagnostics } = parseRules(sources);
      if (!ruleSet) throw new Error(`the published rules in ${this.dir} do not load: ${diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.col} ${d.message}`).join('; ')}`);
      this.cache = { sources, ruleSet };
    }
    return this.cache;
  }

  /** Writes files (text null removes one). All are written to temporary files first, then renamed. */
  write(changes: readonly { path: string; text: string | null }[]): void {
    const staged: { tmp: string; full: string }[] = [];
    try {
      for (const c of changes) {
        const full = inside(this.dir, c.path);
        if (c.text === null) continue;
        mkdirSync(dirname(full), { recursive: true });
        const tmp = join(dirname(full), `.${basename(full)}.${randomBytes(6).toString('hex')}.tmp`);
        const fd = openSync(tmp, 'w', 0o644);
        try {
          writeSync(fd, c.text);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        staged.push({ tmp, full });
      }
    } catch (e) {
      for (const s of staged) rmSync(s.tmp, { force: true });
      throw e;
    }
    for (const s of staged) renameSync(s.tmp, s.full);
    for (const c of changes) if (c.text === null) rmSync(inside(this.dir, c.path), { force: true });
    this.cache = undefined;
  }
}
