import type { Diagnostic } from '$engine/node.ts';
import { diagnosticText } from '../diagnostics-nb.ts';

/** Problems in one file (and problems about the rule set as a whole), in Norwegian, for the editor's markers. */
export function diagnosticsFor(all: readonly Diagnostic[], path: string) {
  return all
    .filter((d) => d.file === path || d.line === 0)
    .map((d) => ({ code: d.code, severity: d.severity, line: d.line, col: d.col, message: diagnosticText(d.code, d.message), file: d.file }));
}

/** A problem as one Norwegian line: file:line:col: message. */
export function diagnosticLine(d: Diagnostic): string {
  return `${d.file}${d.line ? `:${d.line}:${d.col}` : ''}: ${diagnosticText(d.code, d.message)}`;
}
