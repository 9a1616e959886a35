/**
 * A worker's job: one batch of input (NDJSON lines, or claims already read from CSV) evaluated
 * into findings lines, impact lines and the batch's tallies. No threads, no files: the worker
 * thread, the in-process mode and the tests all call this.
 */
import { EvaluationError, evaluateClaim } from '../evaluate/index.ts';
import { isoDate } from '../calendar/index.ts';
import { claimForfall } from '../claim/index.ts';
import type { RuleSet } from '../rules/index.ts';
import type { Claim, Result } from '../types.generated.ts';
import { findClaim, type ClaimFinding } from './claim-finding.ts';
import { asOfFor, parseClaimLine, type AsOfMode, type LineError } from './claim-line.ts';
import { compareResults, emptyImpactTally, type ImpactTally } from './impact.ts';
import { addEvaluated, addProblem, emptyTally, type Tally } from './tally.ts';

export interface BatchOptions {
  readonly rules: RuleSet;
  /** The proposed rule set of --compare. */
  readonly compare?: RuleSet;
  readonly asOf: AsOfMode;
  /** Write a findings line for every claim, not only those with violations or problems. */
  readonly all: boolean;
}

/** A claim read from CSV (already checked), or a claim that could not be read. */
export type BatchItem =
  | { readonly line: number; readonly claim: Claim }
  | { readonly line: number; readonly claimId?: string; readonly error: LineError };

export type BatchInput =
  | { readonly kind: 'ndjson'; readonly seq: number; readonly firstLine: number; readonly bytes: Uint8Array }
  | { readonly kind: 'items'; readonly seq: number; readonly items: readonly BatchItem[] };

export interface BatchOutput {
  readonly seq: number;
  readonly claims: number;
  readonly findings: string;
  readonly impacts: string;
  readonly tally: Tally;
  readonly impact?: ImpactTally;
}

const decoder = new TextDecoder('utf-8');

export function runBatch(input: BatchInput, o: BatchOptions): BatchOutput {
  const tally = emptyTally();
  const impact = o.compare ? emptyImpactTally() : undefined;
  const findings: string[] = [];
  const impacts: string[] = [];
  let claims = 0;

  const problem = (line: number, status: 'malformed' | 'failed', error: LineError, claimId?: string) => {
    const f: ClaimFinding = { line, ...(claimId !== undefined ? { claimId } : {}), status, error };
    addProblem(tally, f);
    findings.push(JSON.stringify(f));
  };

  const evaluateOne = (line: number, claim: Claim) => {
    const asOf = asOfFor(claim, o.asOf);
    let evaluated;
    try {
      evaluated = findClaim(o.rules, claim, asOf, line);
    } catch (e) {
      problem(line, 'failed', failure(e, isoDate(asOf)), claim.id);
      return;
    }
    addEvaluated(tally, evaluated.finding, evaluated.contribution, claimForfall(claim));
    if (o.all || evaluated.finding.status === 'violations') findings.push(JSON.stringify(evaluated.finding));
    if (o.compare && impact) {
      const before = tryEvaluate(o.rules, claim, isoDate(asOf));
      const after = tryEvaluate(o.compare, claim, isoDate(asOf));
      if (before && after) {
        const change = compareResults(impact, line, before, after);
        if (change) impacts.push(JSON.stringify(change));
      } else if (before || after) {
        impact.failedOnlyOneSide++;
        impacts.push(JSON.stringify({ line, claimId: claim.id, asOf: isoDate(asOf), failed: before ? 'after' : 'before' }));
      }
    }
  };

  if (input.kind === 'ndjson') {
    let text = decoder.decode(input.bytes);
    if (input.firstLine === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let line = input.firstLine;
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      let stop = end;
      if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
      if (!isBlank(text, start, stop)) {
        claims++;
        const parsed = parseClaimLine(text.slice(start, stop));
        if (parsed.ok) evaluateOne(line, parsed.claim);
        else problem(line, 'malformed', parsed.error, parsed.claimId);
      }
      line++;
      start = end + 1;
    }
  } else {
    for (const item of input.items) {
      claims++;
      if ('claim' in item) evaluateOne(item.line, item.claim);
      else problem(item.line, 'malformed', item.error, item.claimId);
    }
  }
  return {
    seq: input.seq,
    claims,
    findings: findings.length ? `${findings.join('\n')}\n` : '',
    impacts: impacts.length ? `${impacts.join('\n')}\n` : '',
    tally,
    ...(impact ? { impact } : {}),
  };
}

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

function tryEvaluate(rules: RuleSet, claim: Claim, asOf: string): Result | undefined {
  try {
    return evaluateClaim(rules, claim, { asOf, trace: false });
  } catch {
    return undefined;
  }
}
