/**
 * No path from a request reaches outside the rules and golden folders: a path must be relative,
 * use forward slashes, have no "." or ".." segments, and name a file the rule set or the corpus
 * can hold.
 */
import { resolve, sep } from 'node:path';
import { identify } from '$engine/rules/kinds.ts';

const SAFE = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*\.yaml$/;

export class PathError extends Error {}

/** What a request gave that is no path, said as it was given ("Ugyldig filsti: undefined" said nothing). */
function given(input: unknown): string {
  return typeof input === 'string' ? `«${input.slice(0, 80)}»` : input === undefined ? 'ingen er oppgitt' : `${JSON.stringify(input)?.slice(0, 80)} er ikke tekst`;
}

/** A rule file path from a request, checked; throws PathError otherwise. */
export function ruleFilePath(input: unknown): string {
  if (typeof input !== 'string' || input.length > 200 || !SAFE.test(input)) throw new PathError(`Ugyldig filsti: ${given(input)}`);
  const id = identify(input);
  if ('error' in id) throw new PathError(`${input}: ${id.error}`);
  return input;
}

/** A golden case id (its path without .yaml), checked. */
export function goldenCasePath(input: unknown): string {
  if (typeof input !== 'string' || input.length > 200 || !SAFE.test(`${input}.yaml`)) throw new PathError(`Ugyldig testkrav: ${given(input)}`);
  return `${input}.yaml`;
}

/** The absolute path of a checked relative path inside a root, refusing anything that escapes it. */
export function inside(root: string, relative: string): string {
  const full = resolve(root, relative);
  if (!full.startsWith(root.endsWith(sep) ? root : root + sep)) throw new PathError(`Stien peker ut av ${root}`);
  return full;
}
