/**
 * A LineOrdered list kept in a temporary file: each item is written as one JSON line as it comes,
 * and only its line, offset and length stay in memory (20 bytes an item), so the samlesaker and
 * problems of a file of millions of claims are never held at once. ordered() reads them back by
 * line through a 64 kB window of the file, moved forward or back as the next item lies (items
 * come nearly in line order: cases are found as their last claim is read). dispose() removes the
 * file (the CLI calls it when the report is written or the command fails); one not disposed is
 * removed when the process exits (process.exit after a closed pipe or a signal).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LineOrdered } from './line-ordered.ts';

const FLUSH_AT = 1 << 20;

/** The temporary file could not be made, written or read (a full disk, a folder not writable): says which. */
export class SpillError extends Error {
  readonly code: string | undefined;
  constructor(what: string, e: unknown) {
    const code = (e as NodeJS.ErrnoException | null)?.code;
    super(`${what}: ${code === 'ENOSPC' ? 'no space left on the disk' : (e as Error).message}`);
    this.code = code;
  }
}
const WINDOW = 1 << 16;

/** Spill files not yet disposed, removed when the process exits. */
const undisposed = new Set<{ dispose(): void }>();
let exitHook = false;

export class SpillFile<T> implements LineOrdered<T> {
  private readonly dir: string;
  private readonly fd: number;
  private lines = new Float64Array(1024);
  private offsets = new Float64Array(1024);
  private sizes = new Uint32Array(1024);
  private count = 0;
  /** Bytes written to the file, and the JSON lines not yet written. */
  private written = 0;
  private pending: string[] = [];
  private pendingBytes = 0;
  private disposed = false;

  /** `name` names the temporary folder (inkasso-NAME-XXXXXX in the system's temp folder). */
  constructor(name: string) {
    const base = tmpdir();
    try {
      this.dir = mkdtempSync(join(base, `inkasso-${name}-`));
    } catch (e) {
      throw new SpillError(`cannot make a temporary folder in ${base} (set TMPDIR to a folder with room)`, e);
    }
    try {
      this.fd = openSync(join(this.dir, 'items.ndjson'), 'w+');
    } catch (e) {
      rmSync(this.dir, { recursive: true, force: true });
      throw new SpillError(`cannot make a temporary file in ${this.dir}`, e);
    }
    undisposed.add(this);
    if (!exitHook) {
      exitHook = true;
      process.on('exit', () => {
        for (const f of undisposed) f.dispose();
      });
    }
  }

  get length(): number {
    return this.count;
  }

  push(line: number, item: T): void {
    const json = `${JSON.stringify(item)}\n`;
    const size = Buffer.byteLength(json);
    if (this.count === this.lines.length) this.grow();
    this.lines[this.count] = line;
    this.offsets[this.count] = this.written + this.pendingBytes;
    this.sizes[this.count] = size;
    this.count++;
    this.pending.push(json);
    this.pendingBytes += size;
    if (this.pendingBytes >= FLUSH_AT) this.flush();
  }

  *ordered(): Iterable<T> {
    this.flush();
    const order = new Uint32Array(this.count);
    for (let i = 0; i < order.length; i++) order[i] = i;
    // By line, then in the order they came (the index).
    order.sort((a, b) => this.lines[a]! - this.lines[b]! || a - b);
    let window = Buffer.alloc(WINDOW);
    let from = 0;
    let to = 0;
    for (const i of order) {
      const offset = this.offsets[i]!;
      const size = this.sizes[i]!;
      if (offset < from || offset + size > to) {
        if (size > window.length) window = Buffer.alloc(size);
        // Going back, the window ends with the item; otherwise it starts with it.
        from = offset < from ? Math.max(0, offset + size - window.length) : offset;
        to = from + readSync(this.fd, window, 0, window.length, from);
      }
      yield JSON.parse(window.toString('utf8', offset - from, offset - from + size)) as T;
    }
  }

  /** Closes and removes the file; safe to call more than once. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    undisposed.delete(this);
    try {
      closeSync(this.fd);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const bytes = Buffer.from(this.pending.join(''));
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.written + done);
    } catch (e) {
      throw new SpillError(`cannot write the temporary file in ${this.dir} (set TMPDIR to a folder with room)`, e);
    }
    this.written += bytes.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  private grow(): void {
    const n = this.lines.length * 2;
    const lines = new Float64Array(n);
    lines.set(this.lines);
    const offsets = new Float64Array(n);
    offsets.set(this.offsets);
    const sizes = new Uint32Array(n);
    sizes.set(this.sizes);
    this.lines = lines;
    this.offsets = offsets;
    this.sizes = sizes;
  }
}
