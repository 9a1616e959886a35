/**
 * Finds where each CSV record begins and ends, physical line by physical line, before csv-parse
 * reads the fields: one quote opened and never closed must not swallow the rest of the file. A
 * record whose quoted field is still open after MAX_RECORD_LINES lines or MAX_RECORD_CHARS
 * characters, at the end of the input, or that closes with another number of fields than the
 * header has, is broken: it is reported at the line and field where the quote opened, and reading
 * starts again at the next line. A line that is not valid UTF-8 is broken too, at its first bad
 * byte. A broken line is passed on with its quotes taken out, so that its claim id can still be
 * read and the claim is reported as malformed rather than lost. Each record is passed on whole
 * with the number of its last line, as csv-parse numbers a record, so that the fields can be read
 * anywhere (on a worker thread) and still be placed in the file.
 */
import { firstInvalidUtf8, isUtf8 } from '../text/utf8.ts';
import { plural } from '../text/plural.ts';
import { DEFAULT_IDLE_MS, IDLE, markIdle } from './idle.ts';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export const MAX_RECORD_LINES = 200;
export const MAX_RECORD_CHARS = 256 * 1024;

export interface BrokenLine {
  /** 0-based index of the field where the problem is. */
  readonly field: number;
  readonly message: string;
}

/** What the scan of one line ends in. */
interface Scan {
  /** Still inside a quoted field at the end of the line. */
  readonly open: boolean;
  /** Fields seen (delimiters outside quotes + 1), counting from the record's start. */
  readonly fields: number;
  /** The field and character position where the quoted field still open began. */
  readonly openedAt: { field: number; col: number } | undefined;
  /** Text after a closing quote in the same field (`"abc"x`), where csv-parse would stop. */
  readonly junk: { field: number; col: number } | undefined;
}

const QUOTE = 34;

/**
 * Scans a line of a record. `from` carries the state of a record that began on an earlier line
 * (inside a quoted field); quotes count only at the start of a field, "" inside a quoted field is
 * a quote, and a quote inside an unquoted field is a character like any other.
 */
function scan(line: string, delimiter: number, from: Scan | undefined): Scan {
  let fields = from?.fields ?? 1;
  let openedAt = from?.openedAt;
  let junk = from?.junk;
  // 0 field start, 1 unquoted, 2 quoted, 3 quote seen in a quoted field, 4 after the closing quote
  let state = from?.open ? 2 : 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    switch (state) {
      case 0:
        if (c === QUOTE) {
          state = 2;
          openedAt = { field: fields - 1, col: i + 1 };
        } else if (c === delimiter) fields++;
        else if (c !== 32 && c !== 9) state = 1;
        break;
      case 1:
        if (c === delimiter) {
          fields++;
          state = 0;
        }
        break;
      case 2:
        if (c === QUOTE) state = 3;
        break;
      case 3:
        if (c === QUOTE) state = 2;
        else if (c === delimiter) {
          fields++;
          state = 0;
        } else if (c !== 32 && c !== 9) {
          state = 4;
          junk ??= { field: fields - 1, col: i + 1 };
        }
        break;
      default:
        if (c === delimiter) {
          fields++;
          state = 0;
        }
    }
  }
  return { open: state === 2, fields, openedAt: state === 2 ? openedAt : undefined, junk };
}

/** A line of the input, without its line end; `bad`: the column of its first byte not UTF-8. */
interface Line {
  readonly text: string;
  readonly bad?: number;
}

/**
 * Splits bytes into lines (the last one may lack its newline), without the line ends, the lines of
 * each read at once (a generator's step per line cost the main thread more than finding them);
 * IDLE, where the input paused (markIdle), is passed on.
 */
async function* lines(source: AsyncIterable<Uint8Array | typeof IDLE>): AsyncGenerator<Line[] | typeof IDLE> {
  let rest: Buffer = Buffer.alloc(0);
  const decode = (region: Buffer): Line[] => {
    const out: Line[] = [];
    let text: string | undefined;
    try {
      text = strict.decode(region);
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        out.push({ text: text.slice(start, nl) });
        start = nl + 1;
      }
      if (start < text.length) out.push({ text: text.slice(start) });
      return out;
    }
    let start = 0;
    for (;;) {
      const nl = region.indexOf(10, start);
      const end = nl < 0 ? region.length : nl;
      const bytes = region.subarray(start, end);
      const bad = isUtf8(bytes) ? undefined : firstInvalidUtf8(bytes);
      out.push(bad === undefined ? { text: bytes.toString('utf8') } : { text: bytes.toString('utf8'), bad: bad.col });
      if (nl < 0) break;
      start = nl + 1;
      if (start === region.length) break;
    }
    return out;
  };
  for await (const chunk of source) {
    if (chunk === IDLE) {
      yield IDLE;
      continue;
    }
    const buf = rest.length ? Buffer.concat([rest, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      rest = buf;
      continue;
    }
    yield decode(buf.subarray(0, last + 1));
    rest = Buffer.from(buf.subarray(last + 1));
  }
  if (rest.length) yield decode(rest);
}

/** One CSV record: its text (the lines of a record that spans lines joined by "\n"), and where. */
export interface CsvRecord {
  /** 1-based: the record's last line, as csv-parse numbers it. */
  readonly line: number;
  readonly text: string;
  /** Why the record cannot be read as written (its text is then without quotes). */
  readonly broken?: BrokenLine;
}

/**
 * The input's records, a few at a time, with broken records marked; IDLE where the input paused
 * (the records read whole so far come before it). The header (the first line) sets the number of
 * fields a record must have.
 */
export async function* recordLines(source: AsyncIterable<Uint8Array>, delimiter: string, idleMs = DEFAULT_IDLE_MS): AsyncGenerator<CsvRecord[] | typeof IDLE> {
  const delim = delimiter.charCodeAt(0);
  let lineNo = 0;
  let width: number | undefined;
  // The lines of a record that spans lines, waiting for its quote to close.
  let pending: { line: number; text: string }[] = [];
  let state: Scan | undefined;
  let pendingChars = 0;
  let out: CsvRecord[] = [];
  let outChars = 0;
  const emit = (r: CsvRecord) => {
    out.push(r);
    outChars += r.text.length + 1;
  };
  const markBroken = (line: number, t: string, b: BrokenLine) => {
    emit({ line, text: t.replaceAll('"', ''), broken: b });
  };
  /** Feeds one line through the record state; may re-feed lines after a broken record. */
  const feed = (line: number, t: string, bad?: number): void => {
    if (bad !== undefined) {
      if (pending.length) breakPending();
      markBroken(line, t, { field: fieldAt(t, bad, delim), message: `the line is not valid UTF-8 (column ${bad}); save the file as UTF-8, or say "encoding": "windows-1252" in its --map file` });
      return;
    }
    if (!pending.length && t.indexOf('"') < 0) {
      if (width === undefined) width = scan(t, delim, undefined).fields;
      emit({ line, text: t });
      return;
    }
    const s = scan(t, delim, state);
    pending.push({ line, text: t });
    pendingChars += t.length + 1;
    if (s.open) {
      state = s;
      if (pending.length >= MAX_RECORD_LINES || pendingChars > MAX_RECORD_CHARS) breakPending();
      return;
    }
    if (width === undefined) width = s.fields;
    if (s.junk || (pending.length > 1 && s.fields !== width)) {
      state = s;
      breakPending();
      return;
    }
    emit(pending.length === 1 ? { line, text: t } : { line, text: pending.map((p) => p.text).join('\n') });
    pending = [];
    pendingChars = 0;
    state = undefined;
  };
  /** The record that began on pending[0] is broken: report it, and read its other lines anew. */
  const breakPending = (): void => {
    const [first, ...others] = pending;
    const opened = scan(first!.text, delim, undefined).openedAt ?? { field: 0, col: 1 };
    const was = state;
    const junk = was?.junk;
    const stillOpen = was?.open ?? false;
    const lastLine = others.length ? others[others.length - 1]!.line : first!.line;
    const why = stillOpen
      ? `a quoted field opens here (column ${opened.col}) and is not closed ${others.length + 1 >= MAX_RECORD_LINES || pendingChars > MAX_RECORD_CHARS ? `within ${MAX_RECORD_LINES} lines` : 'before the end of the file'}`
      : others.length
        ? `a quoted field opens here (column ${opened.col}) and runs over ${others.length} more ${plural(others.length, 'line', 'lines')} to line ${lastLine}${junk ? ', where a quote inside a value closes it' : ''}${was && was.fields !== width ? `, giving a record of ${was.fields} fields where the header has ${width}` : ''}`
        : `a quoted value is followed by more text before the next delimiter (column ${junk?.col ?? 1}); put the whole value in quotes and double each quote inside it`;
    pending = [];
    pendingChars = 0;
    state = undefined;
    const field = junk && !stillOpen && !others.length ? junk.field : opened.field;
    markBroken(first!.line, first!.text, { field, message: others.length || stillOpen ? `${why}; reading goes on at line ${first!.line + 1}` : why });
    for (const o of others) feed(o.line, o.text);
  };
  for await (const read of lines(markIdle(source, idleMs))) {
    if (read === IDLE) {
      // The input paused: pass on the records read so far (a record still open waits for its end).
      if (out.length) {
        yield out;
        out = [];
        outChars = 0;
      }
      yield IDLE;
      continue;
    }
    for (const l of read) {
      lineNo++;
      const t = l.text.endsWith('\r') ? l.text.slice(0, -1) : l.text;
      feed(lineNo, lineNo === 1 ? t.replace(/^\uFEFF/, '') : t, l.bad);
      if (outChars > 1 << 16) {
        yield out;
        out = [];
        outChars = 0;
      }
    }
  }
  while (pending.length) breakPending();
  if (out.length) yield out;
}

/** The 0-based field a character column (1-based) of an unquoted line falls in. */
function fieldAt(line: string, col: number, delim: number): number {
  let f = 0;
  for (let i = 0; i < col - 1 && i < line.length; i++) if (line.charCodeAt(i) === delim) f++;
  return f;
}
