/**
 * Text from the input made safe for a terminal. A claim id, a CSV cell or a JSON key may hold
 * control characters (C0, DEL, C1): written as they are, ESC or CSI (U+009B) sequences in them
 * would move the cursor, clear the screen or retitle the window of the person reading the
 * messages. They are written as \uXXXX escapes instead, and so are the line and paragraph
 * separators.
 */

const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
/** The same, but a line break and a tab are kept: for messages of more than one line. */
const CONTROLS_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One line of text, every control character escaped. */
export function printable(text: string): string {
  return text.replace(CONTROLS, escaped);
}

/** A message, its line breaks and tabs kept, every other control character escaped. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROLS_BUT_LINES, escaped);
}
