/**
 * One line of an NDJSON claim file: parsed, checked against claim.schema.json, or reported as
 * malformed with the reason (the column of a JSON syntax error, the JSON pointer of a bad field).
 */
import { day, type Day } from '../calendar/index.ts';
import { checkClaim, claimForfall, formatInputError, parseJsonText, type InputError } from '../claim/index.ts';
import type { Claim } from '../types.generated.ts';
import { requestBodyKind } from '../claim/request-body.ts';
import { readCommonClaim } from '../claim/common-claim.ts';

export interface LineError {
  readonly code: string;
  readonly message: string;
  readonly pointer?: string;
}

export type LineResult = { readonly ok: true; readonly claim: Claim } | { readonly ok: false; readonly claimId?: string; readonly error: LineError };

/** How the as-of date of each claim is chosen. */
export type AsOfMode = { readonly kind: 'fixed'; readonly day: Day } | { readonly kind: 'event' };

export function parseClaimLine(text: string): LineResult {
  // Nearly every line is in the common form, read in one pass; any other is read as JSON first.
  const claim = readCommonClaim(text);
  if (claim) return { ok: true, claim };
  const r = parseJsonText(text);
  if (r.ok) return checkedClaim(r.value);
  if (r.code === 'DUPLICATE_KEY') return { ok: false, error: { code: 'DUPLICATE_KEY', message: `${r.message}${r.at ? ` (column ${r.at.col})` : ''}`, ...(r.pointer ? { pointer: r.pointer } : {}) } };
  const message = r.atEnd ? `invalid JSON: the line ends before the JSON does, at column ${text.length + 1}` : `invalid JSON: ${r.message}${r.at ? ` at column ${r.at.col}` : ''}`;
  return { ok: false, error: { code: 'INVALID_JSON', message } };
}

export function checkedClaim(input: unknown): LineResult {
  const checked = checkClaim(input);
  if (checked.ok) return checked;
  const request = requestBodyKind(input);
  if (request) return { ok: false, ...requestClaimId(input), error: { code: 'INVALID_FIELD', pointer: '', message: REQUEST_TEXT[request] } };
  const id = (input as { id?: unknown } | null)?.id;
  const first = checked.errors[0]!;
  return {
    ok: false,
    ...(typeof id === 'string' && id.length <= 200 ? { claimId: id } : {}),
    error: { code: first.code, pointer: first.pointer, message: describeErrors(checked.errors) },
  };
}

/** A line that is an API request's body (a log of requests replayed), said in one sentence. */
const REQUEST_TEXT = {
  claim: 'the line is the body of an API request ({ "claim": …, "asOf": … }); a claims file holds the claims themselves, one per line: the value of "claim"',
  claims: 'the line is the body of an API batch ({ "claims": [ … ] }); a claims file holds the claims themselves, one per line',
} as const;

/** The id of the claim inside a request's body, for the finding of its line. */
function requestClaimId(input: unknown): { claimId?: string } {
  const id = (input as { claim?: { id?: unknown } }).claim?.id;
  return typeof id === 'string' && id.length <= 200 ? { claimId: id } : {};
}

function describeErrors(errors: readonly InputError[]): string {
  const shown = errors.slice(0, 3).map(formatInputError).join('; ');
  return errors.length > 3 ? `${shown}; and ${errors.length - 3} more` : shown;
}

/** The as-of date: the fixed date, or the claim's last event (its due date if it has none). */
export function asOfFor(claim: Claim, mode: AsOfMode): Day {
  if (mode.kind === 'fixed') return mode.day;
  let last = claimForfall(claim);
  for (const e of claim.events) if (e.date > last) last = e.date;
  return day(last);
}
