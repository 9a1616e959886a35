import { readdirSync, readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { checkClaim } from '../claim/index.ts';
import { describeSchemaErrors } from './schema-errors.ts';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../schemas/', import.meta.url));

/** Every "pattern" in the JSON Schemas, with the files it is in. */
function patterns(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const walk = (node: unknown, file: string): void => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'pattern' && typeof v === 'string') found.set(v, (found.get(v) ?? new Set()).add(file));
      else walk(v, file);
    }
  };
  for (const f of readdirSync(dir)) if (f.endsWith('.json')) walk(JSON.parse(readFileSync(dir + f, 'utf8')), f);
  return found;
}

describe('schema messages', () => {
  it('say in words what every pattern in the schemas asks for, never the pattern itself', () => {
    const quoted: string[] = [];
    for (const [pattern, files] of patterns()) {
      const error = { keyword: 'pattern', instancePath: '/x', schemaPath: '#/pattern', params: { pattern }, message: '' } as ErrorObject;
      const [problem] = describeSchemaErrors([error]);
      if (!problem || problem.message.includes(pattern)) quoted.push(`${pattern} (${[...files].join(', ')})`);
    }
    expect(quoted).toEqual([]);
  });

  it('tell an integrator what a letter field id in a claim must look like', () => {
    const claim = { id: 'K-1', debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: '100.00', invoiceDate: '2026-01-01', dueDate: '2026-01-15', events: [{ type: 'purring', date: '2026-02-01', letter: { fields: ['Amount Due'] } }] };
    const checked = checkClaim(claim);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.errors.map((e) => `${e.pointer}: ${e.message}`)).toEqual(['/events/0/letter/fields/0: fields[0] must be a field id: lower-case letters and digits, words joined by hyphens (such as amount-due)']);
  });

  it('say which two keys were both given where only one may be, not "must NOT be valid"', () => {
    const claim = { id: 'K-1', debtor: { kind: 'consumer' }, creditor: { vatRegistered: true }, collection: 'egeninkasso', principal: '100.00', invoiceDate: '2026-01-01', dueDate: '2026-01-15', demandDate: '2026-01-20', events: [] };
    const message = (c: object) => { const r = checkClaim(c); return r.ok ? 'ok' : r.errors.map((e) => `${e.pointer}: ${e.message}`); };
    expect(message(claim)).toEqual([': the document must have only one of: dueDate, demandDate (both are given)']);
    const { dueDate: _due, ...demandOnly } = claim;
    expect(message(demandOnly)).toBe('ok');
    const { demandDate: _demand, ...neither } = demandOnly;
    expect(message(neither)).toEqual([': the document must have one of: dueDate, demandDate']);
  });
});
