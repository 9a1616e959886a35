/**
 * From rule texts to a checked rule set. Nothing here touches the file system: the caller (the
 * Node loader, the editor's draft preview) supplies the texts.
 */
import { internStrings } from './intern.ts';
export { internStrings };
import { buildLetter, buildRegime, buildReview, buildSeries, buildStep, buildTopic } from './build.ts';
import { CHECKS } from './checks/index.ts';
import { sortDiagnostics, type Diagnostic } from './diagnostic.ts';
import { ruleSetVersion } from './hash.ts';
import { identify, isRuleFile } from './kinds.ts';
import { parseYamlFile, type ParsedFile } from './parse.ts';
import { checkSources } from './sources.ts';
import type { LetterRule, Regime, Review, RuleSet, RuleSource, Series, Step, Topic } from './rule-set.ts';
import { validateAgainstSchema } from './validate.ts';
import { compareText } from '../text/compare.ts';

export * from './rule-set.ts';
export * from './diagnostic.ts';
export { DYNAMIC_FACT, ENGINE_FACTS, isEngineFact, type EngineFact } from './facts.ts';
export { conditionText, FACT_TEXT, type ParameterValue } from './condition-text.ts';
export { RULE_IDS, ROLL_FORWARD_CHOICES, ROUNDING_CHOICES } from './engine-needs.ts';
export { schemas, validatorFor, validatorForDef, schemaHints, type SchemaName } from './schemas.ts';
export { describeSchemaErrors, type SchemaProblem, type SchemaHints } from './schema-errors.ts';
export { identify, isRuleFile, type FileIdentity, type FileKind } from './kinds.ts';
export { parseYamlFile, MAX_RULE_FILE_BYTES, type ParsedFile } from './parse.ts';
export { locate, pointerToPath, pathToPointer } from './locate.ts';
export { validateAgainstSchema } from './validate.ts';
export { contentVersion, ruleSetVersion } from './hash.ts';
export * from './journal.ts';

export interface ParseRulesResult {
  /** The rule set, when no file has an error. */
  readonly ruleSet?: RuleSet;
  /** Every problem found, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** With `compile`: what the rule set can be rebuilt from without YAML or schema checks. */
  readonly compiled?: CompiledRules;
}

/**
 * A rule set as the build needs it, after YAML parsing, schema validation and the checks: each
 * file's data and the positions the build asked for, and the diagnostics (warnings) found. Kept
 * by content hash (engine/rule-cache.ts), it makes loading a known rule set about 20 times faster.
 */
export interface CompiledRules {
  /** The content hash of the rule files (the rule set's version). */
  readonly version: string;
  readonly files: readonly { readonly path: string; readonly data: unknown; readonly positions: readonly (readonly [string, number, number])[] }[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface ParseRulesOptions {
  /** Record what is needed to rebuild the rule set (result.compiled). */
  readonly compile?: boolean;
  /** Rebuild from this instead of parsing and checking; it must be for the same files. */
  readonly compiled?: CompiledRules;
}

/**
 * Parses, validates and checks a set of rule files. Every problem is collected; the rule set is
 * returned only when there is no error (warnings do not block).
 * @example parseRules([{ path: 'parameters/gebyrer/inkassosats.yaml', text }]).diagnostics
 */
export function parseRules(sources: readonly RuleSource[], options: ParseRulesOptions = {}): ParseRulesResult {
  const diagnostics: Diagnostic[] = [];
  const known = options.compiled ? new Map(options.compiled.files.map((f) => [f.path, f])) : undefined;
  const recorded: ParsedFile[] = [];
  const series = new Map<string, Series>();
  const steps: Step[] = [];
  const topics: Topic[] = [];
  const regimes = new Map<string, Regime>();
  const letters: LetterRule[] = [];
  let review: Review | undefined;
  const broken = new Set<string>();
  checkSources(sources, 'parseRules');
  const ruleSources = sources.filter((s) => isRuleFile(s.path));
  const given = new Map<string, string>();
  for (const source of ruleSources) {
    const id = identify(source.path);
    if ('error' in id) {
      diagnostics.push({ code: 'UNKNOWN_FILE_KIND', severity: 'error', file: source.path, line: 0, col: 0, pointer: '', message: id.error });
      continue;
    }
    // An id given twice (the same path twice, or x.yaml beside x.yml): which text holds would be a
    // matter of order, and the same text twice would still give the same rules another version.
    // (Parameters and policies share one namespace: the series.)
    const key = `${id.kind === 'parameter' || id.kind === 'policy' ? 'series' : id.kind}:${id.id}`;
    const before = given.get(key);
    if (before !== undefined) {
      diagnostics.push({ code: 'DUPLICATE_ID', severity: 'error', file: source.path, line: 1, col: 1, pointer: '', message: before === source.path ? `${source.path} is given twice; each rule file may be given once` : `the id ${id.id} is already defined by ${before}` });
      continue;
    }
    given.set(key, source.path);
    let parsed: ParsedFile | undefined;
    const from = known?.get(source.path);
    if (known) {
      if (!from) throw new Error(`compiled rules do not match the files: ${source.path} is missing`);
      parsed = { file: source.path, text: source.text, data: from.data, positions: new Map(from.positions.map(([k, line, col]) => [k, { line, col }])) } as unknown as ParsedFile;
    } else {
      const read = parseYamlFile(source.path, source.text);
      diagnostics.push(...read.diagnostics);
      if (!read.parsed) {
        broken.add(id.id);
        continue;
      }
      parsed = options.compile ? { ...read.parsed, record: new Map() } : read.parsed;
      const schemaProblems = validateAgainstSchema(parsed, id.schema);
      diagnostics.push(...schemaProblems);
      if (schemaProblems.length > 0) {
        broken.add(id.id);
        continue;
      }
      if (options.compile) recorded.push(parsed);
    }
    if (id.kind === 'parameter' || id.kind === 'policy') {
      series.set(id.id, buildSeries(parsed, id.id, id.kind));
    } else if (id.kind === 'step') {
      steps.push(buildStep(parsed, id.id));
    } else if (id.kind === 'regime') {
      regimes.set(id.id, buildRegime(parsed, id.id));
    } else if (id.kind === 'review') {
      review = buildReview(parsed);
    } else if (id.kind === 'letter') {
      letters.push(buildLetter(parsed, id.id));
    } else {
      topics.push(buildTopic(parsed, id.id));
    }
  }
  // Semantic checks run on every file that passed the schema, so that one run shows all problems;
  // references into a file that is itself broken are not reported twice.
  const blocked = diagnostics.some((d) => d.severity === 'error');
  // A step of a regime applies within the regime's dates unless it says otherwise: when a new law
  // takes effect, the old regime's valid_to ends every step that belongs to it.
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    const r = s.regime !== undefined ? regimes.get(s.regime) : undefined;
    if (!r || r.validFrom === undefined) continue;
    steps[i] = { ...s, validFrom: s.validFrom === -Infinity ? r.validFrom : s.validFrom, validTo: s.validTo === Infinity ? r.validTo : s.validTo };
  }
  for (let i = 0; i < letters.length; i++) {
    const l = letters[i]!;
    const r = l.regime !== undefined ? regimes.get(l.regime) : undefined;
    if (!r || r.validFrom === undefined) continue;
    letters[i] = { ...l, validFrom: l.validFrom === -Infinity ? r.validFrom : l.validFrom, validTo: l.validTo === Infinity ? r.validTo : l.validTo };
  }
  letters.sort((a, b) => compareText(a.letter, b.letter) || a.validFrom - b.validFrom);
  const ctx = { series, steps, broken, regimes, review, letters };
  // Compiled rules were checked when they were compiled: their diagnostics stand for the checks.
  if (options.compiled) diagnostics.push(...options.compiled.diagnostics);
  else for (const check of CHECKS) diagnostics.push(...check(ctx));
  const sorted = sortDiagnostics(diagnostics);
  if (blocked || sorted.some((d) => d.severity === 'error')) return { diagnostics: sorted };
  steps.sort((a, b) => (a.ladder ?? 99) - (b.ladder ?? 99) || compareText(a.id, b.id) || a.validFrom - b.validFrom);
  topics.sort((a, b) => a.order - b.order || compareText(a.folder, b.folder));
  const sortedSources = [...ruleSources].sort((a, b) => (a.path < b.path ? -1 : 1));
  const version = ruleSetVersion(ruleSources);
  const compiled: CompiledRules | undefined = options.compile ? {
    version,
    files: recorded.map((f) => ({ path: f.file, data: f.data, positions: [...f.record!].map(([k, p]) => [k, p.line, p.col] as const) })),
    diagnostics: sorted,
  } : undefined;
  internStrings([steps, series]);
  return {
    ruleSet: { version, series, steps, topics, regimes, letters, review, sources: sortedSources },
    diagnostics: sorted,
    ...(compiled ? { compiled } : {}),
  };
}
