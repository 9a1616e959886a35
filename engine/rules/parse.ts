/**
 * Parses one rule file's YAML with source positions. Safe against hostile input: duplicate keys are
 * errors, aliases are limited (a "billion laughs" document is refused), `__proto__` keys become
 * plain properties, and dates stay strings (the core schema has no timestamp type).
 */
import type { Document, LineCounter } from 'yaml';
import type { Diagnostic } from './diagnostic.ts';
import { yaml } from './yaml-lib.ts';

/** Files larger than this are refused before parsing. */
export const MAX_RULE_FILE_BYTES = 1_000_000;

export interface ParsedFile {
  readonly file: string;
  readonly text: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  /** The file's content as plain data (undefined when the YAML could not be read). */
  readonly data: unknown;
  /** Rebuilt from compiled rules: the positions of the values the build asked for (no doc). */
  readonly positions?: ReadonlyMap<string, { readonly line: number; readonly col: number }>;
  /** While compiling: every position the build asks for is recorded here. */
  readonly record?: Map<string, { readonly line: number; readonly col: number }>;
}

type Read = { parsed?: ParsedFile; diagnostics: Diagnostic[] };

/**
 * Files read lately, by name and text. The editor reads the same files again and again: the
 * published rules and a draft that changes one of them, the API's copy of the same version, the
 * golden corpus for each preview. What it gets back is frozen, so that no caller can change what
 * the next one reads.
 */
const recent = new Map<string, Read>();
/** At most this many files and this much text (a rule set and the golden corpus are 180 files, 0.25 MB). */
const RECENT_FILES = 600;
const RECENT_CHARS = 2_000_000;
let recentChars = 0;

/** The file read (YAML with positions), from the recently read ones when its text is the same. */
export function parseYamlFile(file: string, text: string): { readonly parsed?: ParsedFile; readonly diagnostics: readonly Diagnostic[] } {
  const key = `${file}\u0000${text}`;
  const hit = recent.get(key);
  if (hit) {
    recent.delete(key); // most recently used last
    recent.set(key, hit);
    return hit;
  }
  const read = readYamlFile(file, text);
  if (read.parsed) deepFreeze(read.parsed.data);
  Object.freeze(read.diagnostics);
  recent.set(key, read);
  recentChars += key.length;
  while (recent.size > RECENT_FILES || recentChars > RECENT_CHARS) {
    const oldest = recent.keys().next().value!;
    recent.delete(oldest);
    recentChars -= oldest.length;
  }
  return read;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

function readYamlFile(file: string, text: string): Read {
  if (text.length > MAX_RULE_FILE_BYTES) {
    return {
      diagnostics: [{ code: 'FILE_TOO_LARGE', severity: 'error', file, line: 1, col: 1, pointer: '', message: `the file is ${text.length} characters; rule files may be at most ${MAX_RULE_FILE_BYTES} bytes` }],
    };
  }
  const { LineCounter, parseDocument, visit, isAlias } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<number>();
  for (const err of [...doc.errors, ...doc.warnings]) {
    // The parser often reports one mistake several times at the same place; the first says it best.
    if (seen.has(err.pos[0])) continue;
    seen.add(err.pos[0]);
    const { line, col } = lines.linePos(err.pos[0]);
    diagnostics.push({
      code: 'YAML_SYNTAX',
      severity: doc.errors.includes(err as never) ? 'error' : 'warning',
      file, line, col, pointer: '',
      message: firstLine(err.message),
    });
  }
  if (doc.errors.length > 0) return { diagnostics };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    // Where the aliases begin: the first alias in the document.
    let at = 0;
    visit(doc, { Alias(_, node) { if (isAlias(node) && node.range) { at = node.range[0]; return visit.BREAK; } return undefined; } });
    const { line, col } = at ? lines.linePos(at) : { line: 1, col: 1 };
    return {
      diagnostics: [{ code: 'YAML_ALIASES', severity: 'error', file, line, col, pointer: '', message: `too many aliases (the first is here): ${(e as Error).message}` }],
    };
  }
  if (data === null || data === undefined) {
    return { diagnostics: [{ code: 'SCHEMA', severity: 'error', file, line: 1, col: 1, pointer: '', message: 'the file is empty' }] };
  }
  return { parsed: { file, text, doc, lines, data }, diagnostics };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
