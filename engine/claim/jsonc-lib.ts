/**
 * jsonc-parser, loaded the first time a JSON text needs a second look: a syntax error whose
 * position V8 does not give, or a text whose colons and keys do not add up. Valid claims never
 * load it, and a command that reads one starts without it.
 */
import { createRequire } from 'node:module';

type Jsonc = typeof import('jsonc-parser');

let loaded: Jsonc | undefined;

export function jsonc(): Jsonc {
  return (loaded ??= createRequire(import.meta.url)('jsonc-parser') as Jsonc);
}
