/**
 * The singular or the plural of a Norwegian word for a count: 1 dag, 2 dager, 0 dager. One place
 * for the rule, so that no text writes "1 dager" again.
 */
export function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}
