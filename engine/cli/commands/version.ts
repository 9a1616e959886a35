/**
 * inkasso --version: the package's version, the bundled rule set's version and the date its rules
 * are reviewed through, and Node's version: what a bug report or a support question needs.
 */
import { isoDate } from '../../calendar/index.ts';
import { loadRules, packageVersion } from '../../node.ts';
import { out } from '../io.ts';

export function versionCommand(): number {
  let rules: string;
  try {
    const r = loadRules();
    const through = r.review?.reviewedThrough;
    rules = `rules ${r.version.slice(0, 12)}${through !== undefined ? ` (reviewed through ${isoDate(through)})` : ''}`;
  } catch {
    rules = 'rules: the bundled rule files have errors (inkasso validate lists them)';
  }
  out(`inkasso ${packageVersion()}, ${rules}, Node ${process.version}`);
  return 0;
}
