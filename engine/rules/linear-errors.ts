/**
 * Ajv's generated code gathers the errors of a referenced schema with
 * `vErrors = vErrors === null ? v.errors : vErrors.concat(v.errors)`, a copy of every error so far
 * for each item checked. With allErrors that is quadratic: a 1 MiB claim of 349 000 empty events
 * (each one error) held a replay worker, or an API request, for minutes. This rewrites that
 * statement to append in place, which is linear and gives the same errors in the same order.
 * Used on Ajv's code before it runs (createAjv) and on the precompiled files (scripts/build.ts).
 */
const GATHER = /vErrors = vErrors === null \? ([\w$.]+)\.errors : vErrors\.concat\(\1\.errors\);/g;

export function linearErrors(code: string): string {
  const out = code.replace(GATHER, (_all, v: string) =>
    `if (vErrors === null) vErrors = ${v}.errors; else for (let _i = 0, _e = ${v}.errors; _i < _e.length; _i++) vErrors.push(_e[_i]);`);
  if (out.includes('vErrors.concat(')) throw new Error('Ajv gathers errors in a way linearErrors does not know (vErrors.concat): update engine/rules/linear-errors.ts');
  return out;
}
