/**
 * JSON.parse made strict and precise for input from outside: a byte-order mark at the start is
 * accepted; a key given twice in one object is refused with its JSON pointer (JSON.parse would
 * keep the last silently); a syntax error has a line and a column (1-based) — where V8's message
 * has no position, jsonc-parser finds it. The parser's echo of the input ("…" is not valid JSON)
 * is left out: the input may be megabytes long.
 */
import type { ParseError } from 'jsonc-parser';
import { findDuplicateKey } from './duplicate-keys.ts';
import { jsonc } from './jsonc-lib.ts';

export type JsonText =
  | { readonly ok: true; readonly value: unknown }
  | {
    readonly ok: false;
    /** INVALID_JSON, or DUPLICATE_KEY for valid JSON with a key given twice. */
    readonly code: 'INVALID_JSON' | 'DUPLICATE_KEY';
    readonly message: string;
    readonly at?: { readonly line: number; readonly col: number };
    readonly atEnd: boolean;
    /** For DUPLICATE_KEY: the pointer of the second occurrence. */
    readonly pointer?: string;
  };

const ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ',' or the end of the object or array",
  CloseBraceExpected: "expected ',' or '}'",
  CloseBracketExpected: "expected ',' or ']'",
  EndOfFileExpected: 'unexpected text after the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'invalid number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'control character in a string',
};

function place(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

export function parseJsonText(input: string): JsonText {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return syntaxError(text, (e as Error).message);
  }
  const dup = findDuplicateKey(text, value);
  if (dup) {
    const key = dup.pointer.slice(dup.pointer.lastIndexOf('/') + 1).replace(/~1/g, '/').replace(/~0/g, '~');
    return { ok: false, code: 'DUPLICATE_KEY', message: `the key ${JSON.stringify(key)} is given twice in the same object (at ${dup.pointer}); JSON does not say which one holds`, at: place(text, dup.offset), atEnd: false, pointer: dup.pointer };
  }
  return { ok: true, value };
}

function syntaxError(text: string, raw: string): JsonText {
  const atEnd = raw.startsWith('Unexpected end of JSON input');
  // An empty file or body (or only spaces and line breaks): said as such, at its end as any other.
  if (atEnd && text.trim() === '') return { ok: false, code: 'INVALID_JSON', message: 'it is empty', at: place(text, text.length), atEnd };
  const m = /^(.*?)(?: in JSON)? at position (\d+)/.exec(raw);
  if (atEnd) return { ok: false, code: 'INVALID_JSON', message: 'the text ends before the JSON does', at: place(text, text.length), atEnd };
  if (m) return { ok: false, code: 'INVALID_JSON', message: m[1]!, at: place(text, Number(m[2])), atEnd };
  // V8 gives no position ("Unexpected token 'x', "…" is not valid JSON"): ask a second parser.
  const { parse: lenientParse, printParseErrorCode } = jsonc();
  const errors: ParseError[] = [];
  lenientParse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const message = raw.replace(/, ".*is not valid JSON$/s, '');
  const first = errors[0];
  if (!first) return { ok: false, code: 'INVALID_JSON', message, atEnd };
  const why = ERROR_TEXT[printParseErrorCode(first.error)] ?? printParseErrorCode(first.error);
  return { ok: false, code: 'INVALID_JSON', message: `${message} (${why})`, at: place(text, first.offset), atEnd };
}

/** "line 3, column 14: Expected ',' or '}' after property value". */
export function describeJsonError(e: { message: string; at?: { line: number; col: number } }): string {
  return e.at ? `line ${e.at.line}, column ${e.at.col}: ${e.message}` : e.message;
}
