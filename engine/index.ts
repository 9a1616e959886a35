/**
 * The engine's public API. Pure: no file system, no clock. Load rule texts with parseRules (or
 * loadRules from 'inkassomotor/node'), then evaluate claims against the rule set.
 */
export * from './rules/index.ts';
export * from './claim/index.ts';
export * from './evaluate/index.ts';
export type { Claim, Result, GoldenCase, Event } from './types.generated.ts';
export * from './golden/index.ts';
export * from './calendar/index.ts';
export { formatAmount, parseAmount, krText, kroner, type Ore } from './money/index.ts';
/** What a replay reports for one claim (a findings line), for integrators running their own batches. */
export { findClaim, type ClaimFinding, type FoundViolation, type Evaluated } from './replay/claim-finding.ts';
export type { AsOfMode } from './replay/claim-line.ts';
/** Samlesaker: claims of one creditor against one debtor that should have been one case (inkasso samlesak). */
export { findSamlesaker, SamlesakFinder, SAMLESAK_RULE, type Samlesak, type SamlesakFound, type SamlesakMember, type SamlesakReport, type SamlesakProblem, type SamlesakStores, type SamlesakSummary } from './samlesak/samlesak.ts';
export { InMemory, type LineOrdered } from './replay/line-ordered.ts';
