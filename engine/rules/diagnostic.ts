/**
 * A problem found in a rule file: what, where (file, line, column, JSON pointer) and how bad.
 * Problems are collected, never thrown one at a time, so one run of `inkasso validate` shows them all.
 */
import { compareText } from '../text/compare.ts';

export type DiagnosticCode =
  | 'FILE_TOO_LARGE'
  | 'UNREADABLE_FILE'
  | 'INVALID_UTF8'
  | 'UNKNOWN_FILE_KIND'
  | 'YAML_SYNTAX'
  | 'YAML_ALIASES'
  | 'SCHEMA'
  | 'UNKNOWN_PROPERTY'
  | 'INVALID_PERIOD'
  | 'UNORDERED_PERIODS'
  | 'OVERLAPPING_PERIODS'
  | 'GAP_IN_SERIES'
  | 'GAP_OVERLAPS_VALUE'
  | 'UNKNOWN_REFERENCE'
  | 'WRONG_REFERENCE_KIND'
  | 'REQUIRED_RULE_MISSING'
  | 'FRACTION_OUT_OF_RANGE'
  | 'UNKNOWN_CHOICE'
  | 'UNSUPPORTED_CHOICE'
  | 'INVALID_SCALE'
  | 'DUPLICATE_ID'
  | 'REGIME_PERIOD'
  | 'NO_REVIEW_HORIZON'
  | 'SERIES_ENDS_BEFORE_HORIZON'
  | 'UNPRINTABLE_TEXT';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: 'error' | 'warning';
  /** Path of the file relative to the rules folder, e.g. parameters/rente/forsinkelsesrente.yaml. */
  readonly file: string;
  /** 1-based line and column; 0 when the problem concerns the rule set as a whole. */
  readonly line: number;
  readonly col: number;
  /** JSON pointer of the offending value inside the file ('' for the whole file). */
  readonly pointer: string;
  readonly message: string;
}

/**
 * Writes a diagnostic the way compilers do, so editors and terminals can jump to it.
 * @example formatDiagnostic(d, 'rules') //=> 'rules/parameters/rente/forsinkelsesrente.yaml:41:7: valid_from must be a date (YYYY-MM-DD) from 1900 on [SCHEMA]'
 */
export function formatDiagnostic(d: Diagnostic, rulesDir = 'rules'): string {
  // The root folder is '/', not '//'; a problem of the folder itself (file ".") names the folder.
  const path = d.file === '.' ? rulesDir : `${rulesDir.replace(/\/$/, '')}/${d.file}`;
  const where = d.line > 0 ? `${path}:${d.line}:${d.col}` : path;
  return `${where}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message} [${d.code}]`;
}

/** Sorts by file, then position. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.col - b.col);
}
