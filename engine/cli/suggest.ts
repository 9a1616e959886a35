/**
 * "Did you mean": for a mistyped command or option (`evalute`, `--as-off`), the known name that
 * was most likely meant. Loaded only when a name is not known, so a command that runs pays nothing.
 */

/**
 * The known name closest to `typed` when it is close enough to be the one meant: at most two
 * edits away and no more than half its letters (dashes not counted), or the only known name it
 * begins (`--work` for `--workers`); undefined when none is, or two are equally close.
 */
export async function closestName(typed: string, known: readonly string[]): Promise<string | undefined> {
  const { distance } = await import('fastest-levenshtein');
  const letters = typed.replace(/^-+/, '').length;
  const starting = letters >= 3 ? known.filter((k) => k.startsWith(typed)) : [];
  if (starting.length === 1) return starting[0];
  const most = Math.min(2, Math.floor(letters / 2));
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const name of known) {
    const d = distance(typed, name);
    if (d < bestDistance) [best, bestDistance, tied] = [name, d, false];
    else if (d === bestDistance) tied = true;
  }
  return best !== undefined && bestDistance <= most && !tied ? best : undefined;
}

/** The options (`--as-of`, `--format`, …) a usage text names. */
export function optionsIn(usage: string): string[] {
  return [...new Set(usage.match(/--[a-z][a-z-]*/g) ?? [])];
}
