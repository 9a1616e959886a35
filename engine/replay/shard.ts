/**
 * Shards of a replay: `--shard K/N` evaluates the claims of the K-th of N shards (K from 0, as a
 * Kubernetes Indexed Job numbers its completions), so that N processes — on one machine or on a
 * cluster — share a file between them, each reading all of it. A claim's shard is FNV-1a of its
 * id, modulo N; a line whose claim id cannot be read goes by its line number, modulo N. Every
 * claim and every line is in exactly one shard, so the shards' summaries add up to the whole
 * (`inkasso replay merge`).
 */

export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** "2/5" → { index: 2, count: 5 }; undefined when it is not K/N with 0 ≤ K < N ≤ 10 000. */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d{1,5})\/(\d{1,5})$/.exec(text);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && count <= 10_000 && index < count ? { index, count } : undefined;
}

/** FNV-1a, 32 bits, over the id's UTF-16 code units. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function shardOf(claimId: string | undefined, line: number, count: number): number {
  return claimId !== undefined && claimId !== '' ? fnv1a(claimId) % count : line % count;
}

export function inShard(shard: Shard | undefined, claimId: string | undefined, line: number): boolean {
  return !shard || shard.count === 1 || shardOf(claimId, line, shard.count) === shard.index;
}
