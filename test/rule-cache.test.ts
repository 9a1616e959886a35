/**
 * A rule set rebuilt from its compiled form (engine/rule-cache.ts: what the CLI, the API, the
 * replay workers and the editor read back instead of parsing the YAML again) is the rule set the
 * files give: the same values, steps and diagnostics, and the same figures for every golden case.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { contentVersion, isRuleFile, parseRules, readGoldenCases, readRuleSources, runCase, type ParseRulesResult, type RuleSource } from '../engine/node.ts';

const bundled = readRuleSources(fileURLToPath(new URL('../rules/', import.meta.url)));

function bothWays(sources: readonly RuleSource[]) {
  const made = parseRules(sources, { compile: true });
  expect(made.compiled).toBeDefined();
  // Through JSON, as the cache stores it.
  const rebuilt = parseRules(sources, { compiled: JSON.parse(JSON.stringify(made.compiled)) });
  return { parsed: parseRules(sources), rebuilt };
}

describe('the compiled-rules cache', () => {
  it('rebuilds the bundled rules as parsing them gives them', () => {
    const { parsed, rebuilt } = bothWays(bundled);
    expect(rebuilt.diagnostics).toEqual(parsed.diagnostics);
    expect(rebuilt.ruleSet!.version).toBe(parsed.ruleSet!.version);
    expect(rebuilt.ruleSet!.steps).toEqual(parsed.ruleSet!.steps);
    expect([...rebuilt.ruleSet!.series.keys()]).toEqual([...parsed.ruleSet!.series.keys()]);
    for (const [id, s] of parsed.ruleSet!.series) expect(rebuilt.ruleSet!.series.get(id)!.entries, id).toEqual(s.entries);
    expect(rebuilt.ruleSet!.letters).toEqual(parsed.ruleSet!.letters);
    expect(rebuilt.ruleSet!.review).toEqual(parsed.ruleSet!.review);
  });

  it('gives every golden case the same result, trace included', () => {
    const { parsed, rebuilt } = bothWays(bundled);
    const { cases } = readGoldenCases();
    expect(cases.length).toBeGreaterThan(100);
    for (const c of cases) {
      const a = runCase(parsed.ruleSet!, c, { trace: true });
      const b = runCase(rebuilt.ruleSet!, c, { trace: true });
      expect(b, c.id).toEqual(a);
    }
  });

  it('keeps the warnings the files gave when they were compiled', () => {
    // Without horisont.yaml the rule set loads with a warning (no review horizon).
    const { parsed, rebuilt } = bothWays(bundled.filter((s) => s.path !== 'horisont.yaml'));
    expect(parsed.diagnostics.map((d) => d.code)).toContain('NO_REVIEW_HORIZON');
    expect(rebuilt.diagnostics).toEqual(parsed.diagnostics);
    expect(rebuilt.ruleSet!.version).toBe(parsed.ruleSet!.version);
  });

  it('refuses a compiled form made for other files', () => {
    const made = parseRules(bundled, { compile: true }).compiled!;
    const extra = [...bundled, { path: 'parameters/gebyrer/ny.yaml', text: bundled[0]!.text }];
    expect(() => parseRules(extra, { compiled: made })).toThrow(/do not match the files/);
  });

  describe('in the user\'s cache folder, as the built CLI keeps it', () => {
    const work = mkdtempSync(join(tmpdir(), 'inkasso-rule-cache-'));
    afterAll(() => rmSync(work, { recursive: true, force: true }));
    const bin = fileURLToPath(new URL('../bin/inkasso.cjs', import.meta.url));
    const example = fileURLToPath(new URL('../examples/claim-egeninkasso.json', import.meta.url));

    it('keeps the 32 newest entries and removes what a process killed while writing left, once it is ten minutes old', () => {
      const cache = join(work, 'cache');
      const dir = join(cache, 'rule-cache');
      cpSync(fileURLToPath(new URL('../rules/', import.meta.url)), join(work, 'rules'), { recursive: true });
      // A comment makes the folder another version than the bundled rules, compiled anew.
      appendFileSync(join(work, 'rules', 'horisont.yaml'), '\n# a copy for the cache test\n');
      mkdirSync(dir, { recursive: true });
      const hour = Date.now() / 1000 - 3600;
      for (let i = 0; i < 40; i++) {
        const old = join(dir, `old-${String(i).padStart(2, '0')}.json`);
        writeFileSync(old, '{}');
        utimesSync(old, hour + i, hour + i);
      }
      writeFileSync(join(dir, 'left-by-a-crash.json.123.tmp'), '{');
      utimesSync(join(dir, 'left-by-a-crash.json.123.tmp'), hour, hour);
      writeFileSync(join(dir, 'being-written.json.456.tmp'), '{');
      const r = spawnSync(process.execPath, [bin, 'evaluate', example, '--as-of', '2024-07-01', '--rules', join(work, 'rules')], { encoding: 'utf8', env: { ...process.env, INKASSO_CACHE_DIR: cache } });
      expect(r.stderr).not.toContain('    at ');
      expect(r.status).toBe(1); // the example's violations
      const names = readdirSync(dir);
      // The built package writes the entry; under tsx (no build id) there is no cache to keep.
      const entry = names.filter((f) => !f.startsWith('old-') && f.endsWith('.json'));
      expect(entry).toHaveLength(1);
      expect(names.filter((f) => f.endsWith('.json'))).toHaveLength(32);
      // The newest 31 of the old entries stay, with the new one.
      expect(names.filter((f) => f.startsWith('old-')).sort()).toEqual(Array.from({ length: 31 }, (_, i) => `old-${String(i + 9).padStart(2, '0')}.json`));
      expect(existsSync(join(dir, 'left-by-a-crash.json.123.tmp'))).toBe(false);
      expect(existsSync(join(dir, 'being-written.json.456.tmp'))).toBe(true);
    });
  });

  describe('the package\'s own rules, kept by the build as their rule set', () => {
    // A copy of the built package (test/support/build-package.ts builds it before the tests) whose
    // kept rule set is marked, so that what comes from it can be told from what is parsed.
    const work = mkdtempSync(join(tmpdir(), 'inkasso-bundled-rules-'));
    afterAll(() => rmSync(work, { recursive: true, force: true }));
    const root = fileURLToPath(new URL('../', import.meta.url));
    cpSync(join(root, 'dist'), join(work, 'dist'), { recursive: true });
    cpSync(join(root, 'rules'), join(work, 'rules'), { recursive: true });
    cpSync(join(root, 'package.json'), join(work, 'package.json'));
    symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
    const snapshotFile = join(work, 'dist', 'rule-cache', readdirSync(join(work, 'dist', 'rule-cache')).find((f) => f.startsWith('bundled-'))!);
    const kept = deserialize(readFileSync(snapshotFile)) as ParseRulesResult;
    const load = async () => (await import(pathToFileURL(join(work, 'dist', 'node.js')).href)) as typeof import('../engine/node.ts');
    const MARK = 'Forsinkelsesrente (from the kept rule set)';

    it('is the rule set and the warnings parsing the files gives', () => {
      const parsed = parseRules(bundled);
      expect(kept.ruleSet).toEqual(parsed.ruleSet);
      expect(kept.diagnostics).toEqual(parsed.diagnostics);
      expect(kept.ruleSet!.sources.map((s) => s.path)).toEqual(bundled.filter((s) => isRuleFile(s.path)).map((s) => s.path).sort());
    });

    it('is what the package loads for its own rules folder, and for the same files given as texts', async () => {
      const marked = deserialize(readFileSync(snapshotFile)) as ParseRulesResult;
      (marked.ruleSet!.series.get('rente.forsinkelsesrente') as { title: string }).title = MARK;
      writeFileSync(snapshotFile, serialize(marked));
      const lib = await load();
      expect(lib.loadRules().series.get('rente.forsinkelsesrente')!.title).toBe(MARK);
      expect(lib.loadRules().version).toBe(kept.ruleSet!.version);
      // Other files (a README) do not count; the order they are given in does not either.
      const texts = [...bundled].reverse();
      expect(lib.rulesFromSources([...texts, { path: 'README.md', text: 'notes' }]).ruleSet!.series.get('rente.forsinkelsesrente')!.title).toBe(MARK);
    });

    it('is not used when a rule file differs by a byte, or one is missing, added or given twice', async () => {
      const lib = await load();
      const edited = bundled.map((s) => (s.path === 'horisont.yaml' ? { ...s, text: `${s.text} ` } : s));
      const missing = bundled.filter((s) => s.path !== 'horisont.yaml');
      const added = [...bundled, { path: 'parameters/gebyrer/kopi.yaml', text: bundled.find((s) => s.path === 'parameters/gebyrer/inkassosats.yaml')!.text.replace(/^title: .*$/m, 'title: Kopi') }];
      // One file given twice where another is missing: as many rule files as the build read, not the same ones.
      const twice = [...missing, bundled.find((s) => s.path === 'parameters/gebyrer/inkassosats.yaml')!];
      for (const sources of [edited, missing, added, twice]) {
        const r = lib.rulesFromSources(sources);
        if (r.ruleSet) {
          expect(r.ruleSet.series.get('rente.forsinkelsesrente')!.title).not.toBe(MARK);
          expect(r.ruleSet.version).toBe(contentVersion(sources.filter((s) => isRuleFile(s.path))));
        }
        expect(r.diagnostics).toEqual(parseRules(sources).diagnostics);
      }
    });

    it('is passed over when this Node cannot read it (written by a newer one), and the files are loaded as usual', async () => {
      const other = join(work, 'newer');
      for (const part of ['dist', 'rules', 'package.json']) cpSync(join(work, part), join(other, part), { recursive: true });
      symlinkSync(join(root, 'node_modules'), join(other, 'node_modules'));
      const file = join(other, 'dist', 'rule-cache', snapshotFile.slice(snapshotFile.lastIndexOf('/') + 1));
      const bytes = readFileSync(file);
      bytes[1] = 0x7f; // the serializer's format version, after the 0xff tag: one no Node has written yet
      writeFileSync(file, bytes);
      const lib = (await import(pathToFileURL(join(other, 'dist', 'node.js')).href)) as typeof import('../engine/node.ts');
      const rules = lib.loadRules();
      expect(rules.series.get('rente.forsinkelsesrente')!.title).not.toBe(MARK);
      expect(rules.version).toBe(kept.ruleSet!.version);
      expect(rules.series).toEqual(kept.ruleSet!.series);
    });
  });
});
