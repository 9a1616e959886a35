/**
 * The yaml library, loaded the first time a rule file is parsed or a position looked up in one.
 * A command that finds its rule set already compiled (engine/rule-cache.ts) parses no YAML, and
 * loading the library alone would add about a tenth of its start-up time.
 */
import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');

let loaded: Yaml | undefined;

export function yaml(): Yaml {
  return (loaded ??= createRequire(import.meta.url)('yaml') as Yaml);
}
