/**
 * A problem with a claim, as the commands list it: with the line it is about. A CSV problem's
 * message names its line (and column) itself, a later row of the claim perhaps ("line 7, column
 * Dato: …"), and is listed as it is; any other gets "line N: " before it.
 */

const NAMES_ITS_LINE = /^line \d+[,:]/;

export function atLine(line: number, message: string): string {
  return NAMES_ITS_LINE.test(message) ? message : `line ${line}: ${message}`;
}

/**
 * The message without the line a list already names before it: "line 4: rows of claim …" under
 * "linje 4 B:" reads "rows of claim …", "line 6, column collection: …" reads "column
 * collection: …". A message about another line (a later row of the claim) keeps it.
 */
export function besideLine(line: number, message: string): string {
  const own = `line ${line}`;
  if (!message.startsWith(own)) return message;
  const rest = message.slice(own.length);
  return rest.startsWith(': ') ? rest.slice(2) : rest.startsWith(', ') ? rest.slice(2) : message;
}
