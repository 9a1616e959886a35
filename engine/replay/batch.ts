/**
 * A worker's job: one batch of input (NDJSON lines, the records of CSV claims, or claims already
 * read) evaluated into findings lines, impact lines and the batch's tallies. No threads, no files:
 * the worker thread, the in-process mode and the tests all call this.
 */
import { isAscii } from 'node:buffer';
import { EvaluationError, evaluateClaim, evaluateWithFindings, type Findings } from '../evaluate/index.ts';
import { isoDate, type Day } from '../calendar/index.ts';
import { claimForfall } from '../claim/index.ts';
import type { RuleSet } from '../rules/index.ts';
import type { Claim, Result } from '../types.generated.ts';
import { describeFindings, findClaim, type ClaimFinding, type Evaluated } from './claim-finding.ts';
import { asOfFor, parseClaimLine, type AsOfMode, type LineError } from './claim-line.ts';
import { compareResults, emptyImpactTally, type ImpactTally } from './impact.ts';
import { addEvaluated, addProblem, emptyTally, type Tally } from './tally.ts';
import { decodeUtf8 } from '../text/utf8.ts';
import { inShard, type Shard } from './shard.ts';
import { ledgerRows, ledgerRowsCsv, postingsOf } from '../ledger/ledger.ts';
import { DEFAULT_MAX_LINE_BYTES } from './read-ndjson.ts';
import { csvItems, type CsvSetup } from './read-csv.ts';
import { unpackCsvEntries, type PackedCsvEntries } from './csv-packed.ts';

export interface BatchOptions {
  readonly rules: RuleSet;
  /** The proposed rule set of --compare. */
  readonly compare?: RuleSet;
  readonly asOf: AsOfMode;
  /** Write a findings line for every claim, not only those with violations or problems. */
  readonly all: boolean;
  /** Only the claims of this shard (engine/replay/shard.ts); the others are not counted. */
  readonly shard?: Shard;
  /** Also the ledger postings of each claim evaluated (CSV lines, engine/ledger/ledger.ts). */
  readonly ledger?: boolean;
}

/** A claim read from CSV (already checked), or a claim that could not be read. */
export type BatchItem =
  | { readonly line: number; readonly claim: Claim }
  | { readonly line: number; readonly claimId?: string; readonly error: LineError };

export type BatchInput =
  | { readonly kind: 'ndjson'; readonly seq: number; readonly firstLine: number; readonly bytes: Uint8Array }
  | { readonly kind: 'csv'; readonly seq: number; readonly setup: CsvSetup; readonly packed: PackedCsvEntries }
  | { readonly kind: 'items'; readonly seq: number; readonly items: readonly BatchItem[] };

export interface BatchOutput {
  readonly seq: number;
  readonly claims: number;
  readonly findings: string;
  readonly impacts: string;
  /** Ledger lines (CSV, no header), with BatchOptions.ledger. */
  readonly ledger: string;
  readonly tally: Tally;
  readonly impact?: ImpactTally;
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A batch's bytes as text, or undefined when some line is not UTF-8. Claim files are nearly all
 * ASCII (ids, dates, amounts); ASCII is read as Latin-1, which is the same text and about four
 * times as fast as checking the bytes as UTF-8.
 */
function decodeBatch(bytes: Uint8Array): string | undefined {
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

export function runBatch(input: BatchInput, o: BatchOptions): BatchOutput {
  const tally = emptyTally();
  const impact = o.compare ? emptyImpactTally() : undefined;
  const findings: string[] = [];
  const impacts: string[] = [];
  const ledger: string[] = [];
  // The ledger rows of the claims read since lines were last written, in the claims' order:
  // written LEDGER_ROWS_AT_ONCE or so at a time.
  let rowsWaiting: string[][] = [];
  const writeRows = () => {
    if (rowsWaiting.length === 0) return;
    ledger.push(ledgerRowsCsv(rowsWaiting, false));
    rowsWaiting = [];
  };
  let claims = 0;

  const problem = (line: number, status: 'malformed' | 'failed', error: LineError, claimId?: string) => {
    const f: ClaimFinding = { line, ...(claimId !== undefined ? { claimId } : {}), status, error };
    addProblem(tally, f);
    findings.push(JSON.stringify(f));
  };

  const evaluateOne = (line: number, claim: Claim) => {
    const asOf = asOfFor(claim, o.asOf);
    // The ledger and the comparison need the claim's result: its findings are then read from the
    // same evaluation, not from a second reading of the events (the same checks, the same figures).
    const full = o.ledger || o.compare ? tryEvaluateWithFindings(o.rules, claim, asOf) : undefined;
    let evaluated: Evaluated;
    let rows: string[][] | undefined;
    try {
      if (full && 'thrown' in full && o.ledger) throw full.thrown;
      evaluated = full && 'result' in full ? describeFindings(claim, full.findings, asOf, line) : findClaim(o.rules, claim, asOf, line);
      // A claim whose postings cannot be made is that claim's failure, as its evaluation's would be:
      // it does not stop the replay, nor leave its findings without its postings.
      if (full && 'result' in full && o.ledger) rows = ledgerRows(claim.id, postingsOf(o.rules, claim, isoDate(asOf), full.result).postings);
    } catch (e) {
      problem(line, 'failed', failure(e, isoDate(asOf)), claim.id);
      return;
    }
    addEvaluated(tally, evaluated.finding, evaluated.contribution, claimForfall(claim));
    if (rows) {
      for (const row of rows) rowsWaiting.push(row);
      if (rowsWaiting.length >= LEDGER_ROWS_AT_ONCE) writeRows();
    }
    if (o.all || evaluated.finding.status === 'violations') findings.push(JSON.stringify(evaluated.finding));
    if (o.compare && impact && full) {
      const date = isoDate(asOf);
      const before = 'result' in full ? { result: full.result } : { error: failure(full.thrown, date) };
      const after = tryEvaluate(o.compare, claim, date);
      if ('result' in before && 'result' in after) {
        const change = compareResults(impact, line, before.result, after.result);
        if (change) impacts.push(JSON.stringify(change));
      } else if ('result' in before || 'result' in after) {
        const side = 'result' in before ? 'after' : 'before';
        const error = 'error' in before ? before.error : (after as { error: LineError }).error;
        impact.failedOnlyOneSide++;
        const key = `${side} ${error.code}`;
        impact.failedByCode.set(key, (impact.failedByCode.get(key) ?? 0) + 1);
        impacts.push(JSON.stringify({ line, claimId: claim.id, asOf: date, failed: side, error: { code: error.code, message: error.message } }));
      }
    }
  };

  if (input.kind === 'ndjson') {
    const claimLine = (line: number, text: string) => {
      const parsed = parseClaimLine(text);
      if (!inShard(o.shard, parsed.ok ? parsed.claim.id : parsed.claimId, line)) return;
      claims++;
      if (parsed.ok) evaluateOne(line, parsed.claim);
      else problem(line, 'malformed', parsed.error, parsed.claimId);
    };
    eachLineOfBytes(input.bytes, input.firstLine, claimLine, (line, error) => {
      if (!inShard(o.shard, undefined, line)) return;
      claims++;
      problem(line, 'malformed', error);
    });
  } else {
    // A CSV claim's fields are read here, on the worker; one of another shard is not even read.
    const items = input.kind === 'csv' ? csvItems(input.setup, unpackCsvEntries(input.packed), (id, line) => inShard(o.shard, id, line)) : input.items;
    for (const item of items) {
      if (!inShard(o.shard, 'claim' in item ? item.claim.id : item.claimId, item.line)) continue;
      claims++;
      if ('claim' in item) evaluateOne(item.line, item.claim);
      else problem(item.line, 'malformed', item.error, item.claimId);
    }
  }
  writeRows();
  return {
    seq: input.seq,
    claims,
    findings: findings.length ? `${findings.join('\n')}\n` : '',
    impacts: impacts.length ? `${impacts.join('\n')}\n` : '',
    ledger: ledger.join(''),
    tally,
    ...(impact ? { impact } : {}),
  };
}

/**
 * Each non-blank line of a batch of NDJSON bytes, numbered from `first` (a byte-order mark at the
 * start of the file is skipped); a line that is not UTF-8 goes to `bad` with its error, and the
 * others are read as usual.
 */
export function eachLineOfBytes(bytes: Uint8Array, first: number, f: (line: number, text: string) => void, bad: (line: number, error: LineError) => void): void {
  let text = decodeBatch(bytes);
  if (text !== undefined) {
    if (first === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    eachLine(text, first, f, bad, text.length === bytes.length);
    return;
  }
  let line = first;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    const decoded = decodeUtf8(bytes.subarray(start, end));
    if (decoded.ok) eachLine(decoded.text, line, f, bad, false);
    else bad(line, { code: 'INVALID_UTF8', message: `the line is not valid UTF-8 at column ${decoded.at.col} (byte 0x${decoded.byte.toString(16).padStart(2, '0')}); save the file as UTF-8` });
    line++;
    start = end + 1;
  }
}

/**
 * Each non-blank line of the text, numbered from `first`; a line longer than a claim may be
 * (DEFAULT_MAX_LINE_BYTES) goes to `bad`. The reader skips such a line as it reads when it is
 * longer than what it holds at once, but one that arrives whole within a read (up to about twice
 * the limit) reaches a batch, and is refused here. `ascii`: one character is one byte.
 */
function eachLine(text: string, first: number, f: (line: number, text: string) => void, bad: (line: number, error: LineError) => void, ascii: boolean): void {
  let line = first;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
    // A UTF-16 unit is at most three bytes of UTF-8: only a long line needs counting.
    if (stop - start > (ascii ? MAX_LINE : MAX_LINE / 3) && (ascii || Buffer.byteLength(text.slice(start, stop)) > MAX_LINE)) bad(line, TOO_LARGE);
    else if (!isBlank(text, start, stop)) f(line, text.slice(start, stop));
    line++;
    start = end + 1;
  }
}

const MAX_LINE = DEFAULT_MAX_LINE_BYTES;
/**
 * How many ledger rows csv-stringify is given at once: it sets itself up anew on every call.
 * Measured here: 1.3 µs a row given one claim's ten or so rows, 0.7 µs given a hundred, and more
 * again given thousands.
 */
const LEDGER_ROWS_AT_ONCE = 100;
const TOO_LARGE: LineError = { code: 'TOO_LARGE', message: `line longer than ${MAX_LINE} bytes (the limit for one claim); skipped up to its end` };

function isBlank(text: string, start: number, stop: number): boolean {
  for (let i = start; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function failure(e: unknown, asOf: string): LineError {
  if (e instanceof EvaluationError) return { code: e.code, message: `cannot evaluate as of ${asOf}: ${e.message}` };
  return { code: 'INTERNAL', message: `internal error while evaluating as of ${asOf}: ${(e as Error).message}` };
}

function tryEvaluateWithFindings(rules: RuleSet, claim: Claim, asOf: Day): { result: Result; findings: Findings } | { thrown: unknown } {
  try {
    return evaluateWithFindings(rules, claim, asOf);
  } catch (e) {
    return { thrown: e };
  }
}

function tryEvaluate(rules: RuleSet, claim: Claim, asOf: string): { result: Result } | { error: LineError } {
  try {
    return { result: evaluateClaim(rules, claim, { asOf, trace: false }) };
  } catch (e) {
    return { error: failure(e, asOf) };
  }
}
