import { deserialize, serialize, setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { internStrings } from './intern.ts';

/** V8's own test of whether a string is its own copy, when this Node has it (undefined if not). */
function internalized(): ((s: string) => boolean) | undefined {
  try {
    setFlagsFromString('--allow-natives-syntax');
    return new Function('s', 'return %IsInternalizedString(s)') as (s: string) => boolean;
  } catch {
    return undefined;
  }
}
const isOwn = internalized();

/** A string made at run time, as YAML and v8.deserialize make them: a copy of its own. */
const made = (s: string) => [...s].join('');

describe('internStrings', () => {
  it('keeps every value as it was, and leaves frozen objects and long strings alone', () => {
    const frozen = Object.freeze({ kind: made('earliest') });
    const root = {
      kind: made('latest'),
      list: [made('purring'), { anchor: made('sent') }],
      series: new Map<string, unknown>([[made('inkassosats'), { unit: made('NOK') }], ['x', made('choice')]]),
      frozen,
      long: made('x'.repeat(200)),
      n: 14,
      none: undefined,
    };
    const before = deserialize(serialize(root)) as typeof root;
    internStrings(root);
    expect(root).toEqual(before);
    expect(root.frozen).toBe(frozen);
  });

  // Node 20, 22 and 24 have V8's test; a Node without it reports this test as skipped.
  it.skipIf(!isOwn)('gives the short strings V8’s own copy, the one a literal is, and not the long ones', () => {
    const own = isOwn!;
    const root = { kind: made('latest'), list: [made('purring')], map: new Map([['a', made('NOK')]]), nested: { anchor: made('sent') }, long: made('y'.repeat(200)), origin: { file: made('rules/x.yaml') } };
    expect(own(root.kind)).toBe(false);
    internStrings(root);
    expect([root.kind, root.list[0]!, root.map.get('a')!, root.nested.anchor].map(own)).toEqual([true, true, true, true]);
    expect(own(root.long)).toBe(false);
    // Where a rule is written is only printed: not walked.
    expect(own(root.origin.file)).toBe(false);
  });
});
