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

export function isEngineFact(name: string): name is EngineFact {
  return Object.prototype.hasOwnProperty.call(ENGINE_FACTS, name);
}
