/**
 * A problem with a claim, as the commands list it: with the line it is about. A CSV problem's
 * message names its line (and column) itself, a later row of the claim perhaps ("line 7, column
 * Dato: …"), and is listed as it is; any other gets "line N: " before it.
 */

const NAMES_ITS_LINE = /^line \d+[,:]/;

export function atLine(line: number, message: string): string {
  return NAMES_ITS_LINE.test(message) ? message : `line ${line}: ${message}`;
}
