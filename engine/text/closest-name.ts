/**
 * "Did you mean": of the names known at a place (an object's properties or a field's values in a
 * schema, the commands and options of the CLI), the one a mistyped name most likely meant.
 */
import { distance } from 'fastest-levenshtein';

/**
 * The known name closest to `typed`, case ignored (`asof` for `asOf`), when it is close enough to
 * be the one meant: the only known name it begins (`--work` for `--workers`, from three letters
 * on), or the nearest by edit distance when that is at most a third of its letters (at least two)
 * and at most half of them (dashes not counted). Undefined when none is, or two are as near.
 * @example closestName('--as-off', ['--as-of', '--format']) //=> '--as-of'
 */
export function closestName(typed: string, known: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  const letters = t.replace(/^-+/, '').length;
  if (letters >= 3) {
    const begun = known.filter((k) => k.toLowerCase().startsWith(t));
    if (begun.length === 1) return begun[0];
  }
  const most = Math.min(Math.max(2, Math.floor(letters / 3)), Math.floor(letters / 2));
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const name of known) {
    const d = distance(t, name.toLowerCase());
    if (d < bestDistance) [best, bestDistance, tied] = [name, d, false];
    else if (d === bestDistance) tied = true;
  }
  return best !== undefined && bestDistance <= most && !tied ? best : undefined;
}
