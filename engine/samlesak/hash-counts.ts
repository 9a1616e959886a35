/**
 * How many times each 32-bit hash was seen, in two typed arrays (open addressing, linear probing):
 * 8 bytes a slot, at most half the slots in use. A Map of millions of hashes costs several times
 * that (an entry, and a heap number for each hash above 2^30), and samlesak counts one hash per
 * candidate claim of a file of millions.
 */

/** A slot that was counted and then spent (`spend`): found again, it reads as 0. */
const SPENT = 0xffffffff;

export class HashCounts {
  private keys = new Uint32Array(1 << 12);
  /** 0: an empty slot; SPENT: a hash whose count was spent; otherwise the count. */
  private counts = new Uint32Array(1 << 12);
  private used = 0;

  /** Hashes counted (spent ones included). */
  get size(): number {
    return this.used;
  }

  /** Counts one more of `hash`. */
  add(hash: number): void {
    if ((this.used + 1) * 2 > this.keys.length) this.grow();
    const i = this.slot(hash);
    const c = this.counts[i]!;
    if (c === 0) {
      this.keys[i] = hash;
      this.counts[i] = 1;
      this.used++;
    } else if (c !== SPENT) this.counts[i] = c + 1;
  }

  /** How many of `hash` were counted: 0 when none were, or when the count was spent. */
  get(hash: number): number {
    const c = this.counts[this.slot(hash)]!;
    return c === SPENT ? 0 : c;
  }

  /** Marks the count of `hash` as used up: `get` answers 0 from now on, `add` leaves it so. */
  spend(hash: number): void {
    const i = this.slot(hash);
    if (this.counts[i] !== 0) this.counts[i] = SPENT;
  }

  /** The slot that holds `hash`, or the empty slot where it would go. */
  private slot(hash: number): number {
    const mask = this.keys.length - 1;
    // Fibonacci hashing spreads hashes that differ only in their high bits.
    let i = (Math.imul(hash, 0x9e3779b1) >>> 0) & mask;
    while (this.counts[i] !== 0 && this.keys[i] !== hash) i = (i + 1) & mask;
    return i;
  }

  private grow(): void {
    const keys = this.keys;
    const counts = this.counts;
    this.keys = new Uint32Array(keys.length * 2);
    this.counts = new Uint32Array(keys.length * 2);
    for (let j = 0; j < keys.length; j++) {
      if (counts[j] === 0) continue;
      const i = this.slot(keys[j]!);
      this.keys[i] = keys[j]!;
      this.counts[i] = counts[j]!;
    }
  }
}
