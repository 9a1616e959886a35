/**
 * Amounts as the engine writes them ("1250.00", and "-484.29" for a balance or a statement line
 * that goes the other way) read exactly into øre, for tests that add figures up: through the
 * engine's own reader, never through a float. An empty CSV field is 0.
 */
import { ore, type Ore } from '../../engine/money/index.ts';

export function signedOre(text: string): Ore {
  if (text === '') return 0;
  return text.startsWith('-') ? -ore(text.slice(1)) : ore(text);
}
