/**
 * Reading golden cases: one YAML file each under test/golden/, validated against
 * golden-case.schema.json with problems placed at file:line:col. The file's path is the case's id.
 */
import { parseYamlFile, sortDiagnostics, validateAgainstSchema, type Diagnostic } from '../rules/index.ts';
import { checkSources } from '../rules/sources.ts';
import type { GoldenCase } from '../types.generated.ts';
import { compareText } from '../text/compare.ts';

export interface LoadedCase {
  /** Path under the corpus folder without .yaml: purring/e1-seed-article. */
  readonly id: string;
  readonly path: string;
  readonly text: string;
  readonly case: GoldenCase;
}

export function parseGoldenCases(files: readonly { path: string; text: string }[]): { cases: LoadedCase[]; diagnostics: Diagnostic[] } {
  checkSources(files, 'parseGoldenCases');
  const cases: LoadedCase[] = [];
  const diagnostics: Diagnostic[] = [];
  const given = new Map<string, string>();
  for (const f of files) {
    if (!/\.ya?ml$/.test(f.path)) continue;
    // One case per id: a file given twice, or a.yaml beside a.yml, would be run and previewed twice.
    const id = f.path.replace(/\.ya?ml$/, '');
    const before = given.get(id);
    if (before !== undefined) {
      diagnostics.push({ code: 'DUPLICATE_ID', severity: 'error', file: f.path, line: 1, col: 1, pointer: '', message: before === f.path ? `${f.path} is given twice; each case may be given once` : `the case ${id} is already given by ${before}` });
      continue;
    }
    given.set(id, f.path);
    const { parsed, diagnostics: d } = parseYamlFile(f.path, f.text);
    diagnostics.push(...d);
    if (!parsed) continue;
    const problems = validateAgainstSchema(parsed, 'golden-case.schema.json');
    diagnostics.push(...problems);
    if (problems.length) continue;
    cases.push({ id, path: f.path, text: f.text, case: parsed.data as GoldenCase });
  }
  cases.sort((a, b) => compareText(a.id, b.id));
  return { cases, diagnostics: sortDiagnostics(diagnostics) };
}
