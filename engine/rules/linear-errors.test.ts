import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAjv, schemas } from './schemas.ts';
import { linearErrors } from './linear-errors.ts';

const example = JSON.parse(readFileSync(new URL('../../examples/claim-egeninkasso.json', import.meta.url), 'utf8'));

/** Ajv's own code, without linearErrors, for comparison. */
const plainAjv = () => createAjv({ code: { process: (code: string) => code } });

const strip = (errors: unknown) => JSON.parse(JSON.stringify(errors, (k, v) => (k === 'parentSchema' || k === 'schema' || k === 'data' ? undefined : v)));

describe('linearErrors', () => {
  it('gathers the same errors in the same order as Ajv as it comes', () => {
    const ours = createAjv().getSchema(schemas['claim.schema.json'].$id)!;
    const theirs = plainAjv().getSchema(schemas['claim.schema.json'].$id)!;
    const bad = [
      { ...example, principal: 'ti', events: [{}, { type: 'purring' }, { type: 'payment', date: '2024-13-01', amount: '-1', x: 1 }, 7, null] },
      { ...example, debtor: { kind: 'robot' }, events: Array.from({ length: 50 }, (_, i) => ({ type: i % 2 ? 'dispute' : 'salaer', date: 'i', y: i })) },
      { events: 'none' },
    ];
    for (const claim of bad) {
      expect(ours(claim)).toBe(false);
      expect(theirs(claim)).toBe(false);
      expect(strip(ours.errors)).toEqual(strip(theirs.errors));
    }
  });

  it('is what createAjv compiles with', () => {
    const code = (createAjv().getSchema(schemas['claim.schema.json'].$id) as unknown as { toString(): string }).toString();
    expect(code).not.toContain('vErrors.concat(');
    expect((plainAjv().getSchema(schemas['claim.schema.json'].$id) as unknown as { toString(): string }).toString()).toContain('vErrors.concat(');
  });

  it('leaves no copying gather in the code Ajv makes or in the precompiled validators', () => {
    const code = "if(!(validate9(x))){vErrors = vErrors === null ? validate9.errors : vErrors.concat(validate9.errors);errors = vErrors.length;}";
    expect(linearErrors(code)).not.toContain('concat');
    expect(() => linearErrors('vErrors.concat(other)')).toThrow(/linearErrors/);
    const dir = new URL('../../dist/validators/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.cjs'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(readFileSync(new URL(f, dir), 'utf8')).not.toContain('vErrors.concat(');
  });

  it('reports an error for each of 20 000 invalid events (their gathering is the code checked above)', () => {
    const validate = createAjv().getSchema(schemas['claim.schema.json'].$id)!;
    const claim = { ...example, events: Array.from({ length: 20_000 }, () => ({})) };
    expect(validate(claim)).toBe(false);
    expect(validate.errors!.length).toBeGreaterThanOrEqual(20_000);
  });
});
