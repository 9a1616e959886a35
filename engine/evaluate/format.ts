/**
 * Filling the message templates of the step files. Amounts and dates in messages are written the
 * Norwegian way by kroner() (money) and dato() (calendar).
 */

/** Fills {name} placeholders; unknown placeholders are left as they are. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  const parts = partsOf(template);
  if (parts.length === 1) return parts[0]!;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) out += (values[parts[i]!] ?? `{${parts[i]}}`) + parts[i + 1]!;
  return out;
}

/** A template split once into text, name, text, name, …, text (the templates are the rule files'). */
const split = new Map<string, readonly string[]>();
function partsOf(template: string): readonly string[] {
  let parts = split.get(template);
  if (parts === undefined) {
    parts = template.split(/\{(\w+)\}/);
    if (split.size > 10_000) split.clear();
    split.set(template, parts);
  }
  return parts;
}
