/**
 * The singular or the plural of a word for a count: 1 dag, 2 dager, 0 dager (and the CLI's 1 claim,
 * 2 claims). One place for the rule, so that no text writes "1 dager" or "claim(s)" again.
 */
export function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}
