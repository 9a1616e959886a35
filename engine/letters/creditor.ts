/** The creditor a letter names, as given in a JSON file (--creditor) or an API request. */
import type { Creditor } from './letter.ts';

export function checkCreditor(input: unknown): { ok: true; creditor: Creditor } | { ok: false; problem: string } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return { ok: false, problem: 'a creditor is a JSON object: { "name": …, "organisationNumber": …, "account": … }' };
  const c = input as Record<string, unknown>;
  for (const k of Object.keys(c)) if (!['name', 'organisationNumber', 'account', 'address'].includes(k)) return { ok: false, problem: `/${k}: unknown property (allowed: name, organisationNumber, account, address)` };
  if (typeof c.name !== 'string' || c.name.trim().length < 2 || c.name.length > 200) return { ok: false, problem: '/name: the creditor\'s name, 2 to 200 characters' };
  if (c.organisationNumber !== undefined && (typeof c.organisationNumber !== 'string' || !/^\d{3} ?\d{3} ?\d{3}$/.test(c.organisationNumber))) return { ok: false, problem: '/organisationNumber: nine digits (987 654 321)' };
  if (c.account !== undefined && (typeof c.account !== 'string' || !/^\d{4}\.?\d{2}\.?\d{5}$/.test(c.account))) return { ok: false, problem: '/account: a Norwegian account number, eleven digits (1234.56.78903)' };
  if (c.address !== undefined && (!Array.isArray(c.address) || c.address.length > 6 || c.address.some((l) => typeof l !== 'string' || l.length > 200))) return { ok: false, problem: '/address: at most six lines of text' };
  return { ok: true, creditor: c as unknown as Creditor };
}
