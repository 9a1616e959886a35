/**
 * No path from a request reaches outside the rules and golden folders: a path must be relative,
 * use forward slashes, have no "." or ".." segments, and name a file the rule set or the corpus
 * can hold.
 */
import { resolve, sep } from 'node:path';
import { identify } from '$engine/rules/kinds.ts';

const SAFE = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*\.yaml$/;

export class PathError extends Error {}

/** A rule file path from a request, checked; throws PathError otherwise. */
export function ruleFilePath(input: unknown): string {
  if (typeof input !== 'string' || input.length > 200 || !SAFE.test(input)) throw new PathError(`Ugyldig filsti: ${String(input).slice(0, 80)}`);
  const id = identify(input);
  if ('error' in id) throw new PathError(`${input}: ${id.error}`);
  return input;
}

/** A golden case id (its path without .yaml), checked. */
export function goldenCasePath(input: unknown): string {
  if (typeof input !== 'string' || input.length > 200 || !SAFE.test(`${input}.yaml`)) throw new PathError(`Ugyldig testkrav: ${String(input).slice(0, 80)}`);
  return `${input}.yaml`;
}

/** The absolute path of a checked relative path inside a root, refusing anything that escapes it. */
export function inside(root: string, relative: string): string {
  const full = resolve(root, relative);
  if (!full.startsWith(root.endsWith(sep) ? root : root + sep)) throw new PathError(`Stien peker ut av ${root}`);
  return full;
}
