/**
 * Filling the message templates of the step files. Amounts and dates in messages are written the
 * Norwegian way by kroner() (money) and dato() (calendar).
 */

/** Fills {name} placeholders; unknown placeholders are left as they are. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all);
}
