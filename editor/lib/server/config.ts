/**
 * Where the editor keeps things. All three folders can be set in the environment; the defaults
 * suit a checkout of this repository.
 *
 *   INKASSO_RULES_DIR   the published rules (default: rules/)
 *   INKASSO_GOLDEN_DIR  the golden corpus the preview runs (default: test/golden/)
 *   INKASSO_DATA_DIR    users, sessions, drafts and the history journal (default: .inkasso-data/)
 */
import { resolve } from 'node:path';
import { makeFolder } from '$engine/make-folder.ts';

export interface EditorConfig {
  readonly rulesDir: string;
  readonly goldenDir: string;
  readonly dataDir: string;
  /** Send the session cookie only over HTTPS (on unless INKASSO_INSECURE_COOKIES=1, for local http). */
  readonly secureCookies: boolean;
}

export function editorConfig(env: Record<string, string | undefined> = process.env): EditorConfig {
  const cwd = process.cwd();
  return {
    rulesDir: resolve(cwd, env.INKASSO_RULES_DIR ?? 'rules'),
    goldenDir: resolve(cwd, env.INKASSO_GOLDEN_DIR ?? 'test/golden'),
    dataDir: resolve(cwd, env.INKASSO_DATA_DIR ?? '.inkasso-data'),
    secureCookies: env.INKASSO_INSECURE_COOKIES !== '1',
  };
}

/** Makes the data folder (and the folders above it); throws saying which and why when it cannot. */
export function makeDataFolder(config: EditorConfig): void {
  try {
    makeFolder(config.dataDir);
  } catch (e) {
    throw new Error(`Kan ikke lage datamappen ${config.dataDir} (INKASSO_DATA_DIR): ${(e as Error).message}`);
  }
}
