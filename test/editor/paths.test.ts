/** A rule file path or a golden case from a request: refused with what was given, in words. */
import { describe, expect, it } from 'vitest';
import { goldenCasePath, PathError, ruleFilePath } from '$lib/server/paths.ts';

describe('paths from a request', () => {
  it('takes a rule file path and a golden case inside their folders', () => {
    expect(ruleFilePath('parameters/rente/forsinkelsesrente.yaml')).toBe('parameters/rente/forsinkelsesrente.yaml');
    expect(goldenCasePath('brev/purring')).toBe('brev/purring.yaml');
  });

  it('refuses anything else, saying what was given (it said "Ugyldig filsti: undefined" for none)', () => {
    const said = (f: () => unknown) => { try { f(); return ''; } catch (e) { expect(e).toBeInstanceOf(PathError); return (e as Error).message; } };
    expect(said(() => ruleFilePath(undefined))).toBe('Ugyldig filsti: ingen er oppgitt');
    expect(said(() => ruleFilePath(5))).toBe('Ugyldig filsti: 5 er ikke tekst');
    expect(said(() => ruleFilePath('../../etc/passwd'))).toBe('Ugyldig filsti: «../../etc/passwd»');
    expect(said(() => goldenCasePath(['a']))).toBe('Ugyldig testkrav: ["a"] er ikke tekst');
    expect(said(() => goldenCasePath(null))).toBe('Ugyldig testkrav: null er ikke tekst');
  });
});
