/**
 * The warnings of what a document made from an evaluation states (a letter, the ledger's
 * postings): its figures are the events' fees and deadlines, the interest and the balance, not
 * the next steps. So: the warnings given while the events and the interest were read (a value or
 * a choice with one source that decided a fee, a deadline or a rate), and those of the evaluation
 * as of its day that concern the balance (events after the day left out, the claim before its
 * invoice date, foreldelse near, interest time-barred) — not RULES_INCOMPLETE, nor a value that
 * only a next step or the salær summary read.
 */
import type { Day } from '../calendar/index.ts';
import type { RuleSet } from '../rules/index.ts';
import type { Claim, Result } from '../types.generated.ts';
import { evaluateWithFindings } from './evaluate.ts';

export type ResultWarning = Result['warnings'][number];

const OF_THE_BALANCE = new Set<ResultWarning['code']>(['AS_OF_BEFORE_INVOICE', 'EVENTS_AFTER_AS_OF', 'FORELDELSE_NEAR', 'INTEREST_TIME_BARRED']);

/** The claim evaluated as of a day, with the warnings of what its events, interest and balance state. */
export function evaluateStated(rules: RuleSet, claim: Claim, asOf: Day, trace = false): { readonly result: Result; readonly warnings: ResultWarning[] } {
  const { result, findings } = evaluateWithFindings(rules, claim, asOf, trace);
  const read = new Set(findings.warnings.map((w) => `${w.code}|${w.message}`));
  return { result, warnings: result.warnings.filter((w) => read.has(`${w.code}|${w.message}`) || OF_THE_BALANCE.has(w.code)) };
}
