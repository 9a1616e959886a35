/**
 * The message templates of the rule files: text with {name} placeholders for the figures of one
 * finding (`{earliest}`, `{charged}`) and {parameter.id} placeholders (a name with a dot) for the
 * rule value in force (`{frister.frist-for-nytt-gebyr}`).
 */

/** A template split once into text, name, text, name, …, text (the templates are the rule files'). */
const split = new Map<string, readonly string[]>();
export function templateParts(template: string): readonly string[] {
  let parts = split.get(template);
  if (parts === undefined) {
    parts = template.split(/\{([\w.-]+)\}/);
    if (split.size > 10_000) split.clear();
    split.set(template, parts);
  }
  return parts;
}

/** The placeholder names of a template, in order. */
export function placeholders(template: string): string[] {
  return templateParts(template).filter((_, i) => i % 2 === 1);
}
