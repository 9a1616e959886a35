/**
 * JSON.parse with the place of a syntax error as a line and a column (1-based) where the parser
 * gives one, for messages that say where the input went wrong. The parser's echo of the input
 * ("…" is not valid JSON) is left out: the input may be megabytes long.
 */
export type JsonText =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string; readonly at?: { readonly line: number; readonly col: number }; readonly atEnd: boolean };

export function parseJsonText(text: string): JsonText {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const raw = (e as Error).message;
    const atEnd = raw.startsWith('Unexpected end of JSON input');
    const m = /^(.*?)(?: in JSON)? at position (\d+)/.exec(raw);
    const offset = m ? Number(m[2]) : atEnd ? text.length : undefined;
    const message = atEnd ? 'the text ends before the JSON does' : m ? m[1]! : raw.replace(/, ".*" is not valid JSON$/s, '');
    if (offset === undefined) return { ok: false, message, atEnd };
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    return { ok: false, message, at: { line, col: offset - before.lastIndexOf('\n') }, atEnd };
  }
}

/** "line 3, column 14: Expected ',' or '}' after property value". */
export function describeJsonError(e: { message: string; at?: { line: number; col: number } }): string {
  return e.at ? `line ${e.at.line}, column ${e.at.col}: ${e.message}` : e.message;
}
