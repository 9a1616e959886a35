/**
 * Run by replay.test.ts as a process of its own (process-wide memory cannot be measured inside
 * vitest's thread pool, where other test files allocate beside it): reads 64 chunks of 1 MiB
 * through untilAborted and prints how many bytes of earlier chunks are still held at chunk 60.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { untilAborted } from '../../engine/replay/run.ts';

setFlagsFromString('--expose-gc');
const v8gc = runInNewContext('gc') as () => void;
// Node 24's V8 frees ArrayBuffer memory on a background task after a collection; a few
// collections with a turn of the event loop between them let the count catch up.
const gc = async () => {
  for (let i = 0; i < 4; i++) {
    v8gc();
    await new Promise((r) => setTimeout(r, 10));
  }
};
async function* chunks() {
  for (let i = 0; i < 64; i++) yield new Uint8Array(1 << 20);
}
await gc();
const before = process.memoryUsage().arrayBuffers;
let n = 0;
let held = -1;
for await (const c of untilAborted(chunks(), new AbortController().signal)) {
  if (++n === 60) {
    await gc();
    held = process.memoryUsage().arrayBuffers - before - c.length;
  }
}
process.stdout.write(`${JSON.stringify({ chunks: n, held })}\n`);
