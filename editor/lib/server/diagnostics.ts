import type { Diagnostic } from '$engine/node.ts';

/** Problems in one file (and problems about the rule set as a whole), for the editor's markers. */
export function diagnosticsFor(all: readonly Diagnostic[], path: string) {
  return all
    .filter((d) => d.file === path || d.line === 0)
    .map((d) => ({ code: d.code, severity: d.severity, line: d.line, col: d.col, message: d.message, file: d.file }));
}
