import { checkContinuousSeries } from './continuous-series.ts';
import type { Check } from './context.ts';
import { checkEngineNeeds } from './engine-needs.ts';
import { checkPeriods } from './periods.ts';
import { checkReferences } from './references.ts';
import { checkValues } from './values.ts';
import { checkRegimes } from './regimes.ts';
import { checkLetterTexts } from './letter-texts.ts';

export type { CheckContext } from './context.ts';

/** Every semantic check, in the order their problems are most useful to read. */
export const CHECKS: readonly Check[] = [checkPeriods, checkContinuousSeries, checkValues, checkReferences, checkRegimes, checkEngineNeeds, checkLetterTexts];
