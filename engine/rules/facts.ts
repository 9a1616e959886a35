/**
 * The facts a step's conditions can read, besides parameter values by id. The evaluator computes
 * them for each event (from the history before it) and for each candidate next step; the
 * condition schema lists the same names for completion in the editor (a test keeps them equal).
 */

export const ENGINE_FACTS = {
  debtorKind: 'string',
  collection: 'string',
  creditorVatRegistered: 'boolean',
  principal: 'number',
  daysAfterForfall: 'number',
  disputed: 'boolean',
  paidInFull: 'boolean',
  paidWithinInkassovarselDeadline: 'boolean',
  timeBarred: 'boolean',
  purringerSent: 'number',
  inkassovarselSent: 'boolean',
  betalingsoppfordringSent: 'boolean',
  rettsligInndrivingStarted: 'boolean',
  purregebyrBefore: 'number',
  inkassovarselGebyrBefore: 'number',
  betalingsoppfordringGebyrBefore: 'number',
  lastFeeLetterDeadlineDays: 'number',
  missedDeadlineDays: 'number',
  standardkompensasjonCharged: 'boolean',
  salaerCharged: 'boolean',
  feeCharged: 'boolean',
  deadlineDays: 'number',
} as const;

export type EngineFact = keyof typeof ENGINE_FACTS;

/**
 * Facts named after what the rules define, so that a new kind of letter or fee needs no new code:
 * `lettersSent.<event>` (how many letters of that step were sent before the day) and
 * `feesCharged.<count>` (how many lawful fees count as that: purregebyr, kravbrevgebyr …).
 */
export const DYNAMIC_FACT = /^(lettersSent|feesCharged)\.([a-z][a-z0-9_]*)$/;

export function isEngineFact(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(ENGINE_FACTS, name) || DYNAMIC_FACT.test(name);
}
