/**
 * The short strings of a rule set (a requirement's kind, an anchor, an event type, a rule id) as
 * V8's own copy of each, the one its string literals and property names use. Two such strings are
 * compared by identity; a string read from YAML or from the kept rule set's bytes is a copy of its
 * own, and `r.kind === 'latest'` then compares it character by character, as every lookup keyed by
 * it hashes it. The evaluation makes such comparisons for every event of every claim.
 */

/** Longer strings (messages, descriptions, file texts) are only ever written, not compared. */
const SHORT = 40;

/**
 * Not walked: where a rule is written (its file, line and pointer), only ever printed, and a
 * condition, read once, when it is compiled into a function.
 */
const NOT_COMPARED = /origins?$|^condition$/i;

/**
 * Replaces, in place, every short string held by the objects, arrays and Map values reachable
 * from `root` with V8's own copy (a property name always is one). A frozen object is left as it
 * is, with all it holds: its strings stay equal, only slower to compare.
 */
export function internStrings(root: object): void {
  const own = new Map<string, string>();
  const intern = (s: string): string => {
    let c = own.get(s);
    if (c === undefined) own.set(s, (c = Object.keys({ [s]: 0 })[0] ?? s));
    return c;
  };
  const seen = new WeakSet<object>();
  const walk = (o: object): void => {
    // A frozen object (the YAML's own data, frozen with all it holds) cannot be changed.
    if (seen.has(o) || Object.isFrozen(o)) return;
    seen.add(o);
    if (o instanceof Map) {
      for (const [k, v] of o) {
        if (typeof v === 'string' && v.length <= SHORT) o.set(k, intern(v));
        else if (typeof v === 'object' && v !== null) walk(v as object);
      }
      return;
    }
    const rec = o as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const v = rec[k];
      if (typeof v === 'string') {
        if (v.length <= SHORT) rec[k] = intern(v);
      } else if (typeof v === 'object' && v !== null && !NOT_COMPARED.test(k)) walk(v);
    }
  };
  walk(root);
}
