/**
 * Filling the message templates of the step files. Amounts and dates in messages are written the
 * Norwegian way by kroner() (money) and dato() (calendar).
 */
import { templateParts } from '../text/template.ts';

/**
 * Fills {name} placeholders from `values`, and {parameter.id} placeholders (a name with a dot) by
 * `parameter`, so a message states the rule value in force instead of a number written into its
 * text. Unknown placeholders are left as they are (the rule checks refuse an unknown parameter).
 */
export function fill(template: string, values: Readonly<Record<string, string>>, parameter?: (id: string) => string): string {
  const parts = templateParts(template);
  if (parts.length === 1) return parts[0]!;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    out += (values[name] ?? (parameter && name.includes('.') ? parameter(name) : `{${name}}`)) + parts[i + 1]!;
  }
  return out;
}
