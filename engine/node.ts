/**
 * The Node-only half of the engine's API: reading rule folders and golden corpora from disk.
 * Everything else (engine/index.ts) works on texts and objects and never touches the file system.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseRules, type ParseRulesResult, type RuleSource } from './rules/index.ts';
import { formatDiagnostic, type Diagnostic } from './rules/index.ts';
import { parseGoldenCases, type LoadedCase } from './golden/index.ts';

export * from './index.ts';

/** The rules folder shipped with the package. */
export const BUNDLED_RULES_DIR = new URL('../rules/', import.meta.url).pathname;

/** Every YAML file under a folder, as sources with paths relative to it (forward slashes, sorted). */
export function readRuleSources(dir: string): RuleSource[] {
  const out: RuleSource[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(name)) out.push({ path: relative(dir, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

/** Thrown by loadRules when the rule files have errors; `diagnostics` lists every one. */
export class RuleErrors extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[], dir: string) {
    super(diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, dir)).join('\n'));
    this.name = 'RuleErrors';
    this.diagnostics = diagnostics;
  }
}

/** Reads and checks a rules folder without throwing. */
export function checkRulesDir(dir: string = BUNDLED_RULES_DIR): ParseRulesResult {
  return parseRules(readRuleSources(dir));
}

/**
 * Loads a rules folder once; evaluate claims against the result as often as you like.
 * Throws RuleErrors listing every problem (file:line:col) when a rule file is broken.
 * @example const rules = loadRules('rules'); evaluate(rules, claim, { asOf: '2024-07-01' })
 */
export function loadRules(dir: string = BUNDLED_RULES_DIR) {
  const { ruleSet, diagnostics } = checkRulesDir(dir);
  if (!ruleSet) throw new RuleErrors(diagnostics, dir.replace(/\/$/, ''));
  return ruleSet;
}

/** The golden corpus shipped with the package. */
export const BUNDLED_GOLDEN_DIR = new URL('../test/golden/', import.meta.url).pathname;

/** Reads every golden case under a folder; problems in the files come back as diagnostics. */
export function readGoldenCases(dir: string = BUNDLED_GOLDEN_DIR): { cases: LoadedCase[]; diagnostics: Diagnostic[] } {
  return parseGoldenCases(readRuleSources(dir));
}
