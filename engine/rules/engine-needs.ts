/**
 * The rules the engine itself reads by id (besides those a step refers to), and the policy choices
 * it knows how to apply. A rule set without them, or with a choice the engine cannot apply, does
 * not load.
 */

export const ROLL_FORWARD_CHOICES = ['neste_virkedag', 'ingen'] as const;
export const ROUNDING_CHOICES = ['ore', 'ore_avkortet', 'krone', 'krone_ned'] as const;

export const RULE_IDS = {
  forsinkelsesrente: 'rente.forsinkelsesrente',
  foreldelsesfrist: 'frister.foreldelsesfrist',
  foreldelsesfristDom: 'frister.foreldelsesfrist-dom',
  renteEtterPakrav: 'frister.rente-etter-pakrav',
  rentesForeldelse: 'foreldelse.avbrudd-gjelder-renter',
  rentedivisor: 'dagberegning.divisor',
  forsteRentedag: 'dagberegning.forste-rentedag',
  renteavrunding: 'avrunding.rente',
  dekningsrekkefolge: 'dekningsrekkefolge.standard',
  skyldnersAngivelse: 'dekningsrekkefolge.skyldners-angivelse',
  foreldelseForskyvning: 'fristforskyvning.foreldelse',
  foreldelseVarsel: 'varsler.foreldelse-naer',
} as const;

export interface Need {
  readonly id: string;
  readonly kind: 'parameter' | 'policy';
  /** For a parameter or numeric policy: the unit it must have. */
  readonly unit?: string;
  /** For a policy with choices: the values the engine can apply. */
  readonly choices?: readonly string[];
}

export const ENGINE_NEEDS: readonly Need[] = [
  { id: RULE_IDS.forsinkelsesrente, kind: 'parameter', unit: 'percent' },
  { id: RULE_IDS.foreldelsesfrist, kind: 'parameter', unit: 'years' },
  { id: RULE_IDS.foreldelsesfristDom, kind: 'parameter', unit: 'years' },
  { id: RULE_IDS.renteEtterPakrav, kind: 'parameter', unit: 'days' },
  { id: RULE_IDS.rentesForeldelse, kind: 'policy', choices: ['ja', 'nei'] },
  { id: RULE_IDS.rentedivisor, kind: 'policy', choices: ['kalenderaar', 'fast_365'] },
  { id: RULE_IDS.forsteRentedag, kind: 'policy', choices: ['dagen_etter_forfall', 'forfallsdagen'] },
  { id: RULE_IDS.renteavrunding, kind: 'policy', choices: ['samlet', 'per_periode'] },
  { id: RULE_IDS.dekningsrekkefolge, kind: 'policy', choices: ['kostnader_renter_hovedstol', 'renter_kostnader_hovedstol', 'hovedstol_renter_kostnader'] },
  { id: RULE_IDS.skyldnersAngivelse, kind: 'policy', choices: ['respekteres', 'ignoreres'] },
  { id: RULE_IDS.foreldelseForskyvning, kind: 'policy', choices: ROLL_FORWARD_CHOICES },
  { id: RULE_IDS.foreldelseVarsel, kind: 'policy', unit: 'days' },
];
