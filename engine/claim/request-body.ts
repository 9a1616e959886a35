/**
 * JSON given where a claim belongs that is the body of an API request around claims instead: an
 * integrator's { "claim": …, "asOf": … } saved as a claim file, or a log of such requests replayed.
 * Told in one sentence by the caller, not as every property a claim lacks.
 */

/** 'claim' for { "claim": { … }, … }, 'claims' for { "claims": [ … ], … }; undefined for anything else (a claim has an id). */
export function requestBodyKind(value: unknown): 'claim' | 'claims' | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.hasOwn(value, 'id')) return undefined;
  const body = value as Record<string, unknown>;
  if (body.claim !== null && typeof body.claim === 'object' && !Array.isArray(body.claim)) return 'claim';
  if (Array.isArray(body.claims)) return 'claims';
  return undefined;
}
