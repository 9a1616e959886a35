/**
 * The parties a letter names, as given in JSON files (--creditor, --debtor) or an API request:
 * the creditor (name, organisation number, account, address) and the debtor it is addressed to
 * (name and address; the claim itself carries no name).
 */
import type { Creditor, Debtor } from './letter.ts';

/** What is wrong with an address (at most six lines of text), or undefined. */
function addressProblem(address: unknown): string | undefined {
  if (address === undefined) return undefined;
  return !Array.isArray(address) || address.length > 6 || address.some((l) => typeof l !== 'string' || l.length > 200) ? '/address: at most six lines of text' : undefined;
}

export function checkCreditor(input: unknown): { ok: true; creditor: Creditor } | { ok: false; problem: string } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return { ok: false, problem: 'a creditor is a JSON object: { "name": …, "organisationNumber": …, "account": … }' };
  const c = input as Record<string, unknown>;
  for (const k of Object.keys(c)) if (!['name', 'organisationNumber', 'account', 'address'].includes(k)) return { ok: false, problem: `/${k}: unknown property (allowed: name, organisationNumber, account, address)` };
  if (typeof c.name !== 'string' || c.name.trim().length < 2 || c.name.length > 200) return { ok: false, problem: '/name: the creditor\'s name, 2 to 200 characters' };
  if (c.organisationNumber !== undefined && (typeof c.organisationNumber !== 'string' || !/^\d{3} ?\d{3} ?\d{3}$/.test(c.organisationNumber))) return { ok: false, problem: '/organisationNumber: nine digits (987 654 321)' };
  if (c.account !== undefined && (typeof c.account !== 'string' || !/^\d{4}\.?\d{2}\.?\d{5}$/.test(c.account))) return { ok: false, problem: '/account: a Norwegian account number, eleven digits (1234.56.78903)' };
  const address = addressProblem(c.address);
  if (address) return { ok: false, problem: address };
  return { ok: true, creditor: c as unknown as Creditor };
}

export function checkDebtor(input: unknown): { ok: true; debtor: Debtor } | { ok: false; problem: string } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return { ok: false, problem: 'a debtor is a JSON object: { "name": …, "address": [ … ] }' };
  const d = input as Record<string, unknown>;
  for (const k of Object.keys(d)) if (!['name', 'address'].includes(k)) return { ok: false, problem: `/${k}: unknown property (allowed: name, address)` };
  if (typeof d.name !== 'string' || d.name.trim().length < 2 || d.name.length > 200) return { ok: false, problem: '/name: the debtor\'s name, 2 to 200 characters' };
  const address = addressProblem(d.address);
  if (address) return { ok: false, problem: address };
  return { ok: true, debtor: d as unknown as Debtor };
}
