/**
 * The bytes of a claims file as replay, samlesak and letters read them: the file as it is, or,
 * when it is gzip-compressed (a history exported as claims.ndjson.gz), decompressed as it is read,
 * with Node's zlib. Whether it is gzip is told by its first two bytes (1f 8b, RFC 1952), which no
 * NDJSON or CSV text begins with, not by its name; several gzip members one after another (files
 * joined with cat) are read as one. Where gzip data is cut short or damaged, the bytes end there
 * and failure() says why (DamagedInput): the reader takes the whole lines before it, leaves out
 * the line cut there, and stops with that error. A file saved as UTF-16 with its byte-order mark
 * (Excel's "Unicode Text") is passed on as UTF-8 (text/utf16.ts); a character broken in it ends the
 * bytes the same way. So is a file its reader says is Windows-1252 (a CSV map's "encoding"),
 * unless it begins with a byte-order mark.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Utf16Problem, utf16AsUtf8, utf16ByBom } from '../text/utf16.ts';
import { windows1252AsUtf8 } from '../text/windows-1252.ts';

/** A gzip file's data that cannot be decompressed: cut short, or not what gzip wrote. */
export class DamagedInput extends Error {
  readonly code = 'DAMAGED_INPUT';
}

export interface ClaimsSource {
  /** The claims' bytes (decompressed). */
  readonly bytes: AsyncIterable<Uint8Array>;
  /** Bytes of the file read so far, as stored (compressed for a gzip file, UTF-16 for a UTF-16 one): against its size, the progress. */
  bytesRead(): number;
  /** Whether the input is gzip-compressed (known once its first bytes are read). */
  compressed(): boolean;
  /** Why the bytes ended early: gzip data that could not be decompressed (undefined: they did not). */
  failure(): DamagedInput | undefined;
  /** Stops reading: a wait for more input ends, the file is closed. */
  destroy(): void;
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Whether a file begins as a gzip file does (its first two bytes). */
export function isGzipFile(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = new Uint8Array(2);
    return readSync(fd, head, 0, 2, 0) === 2 && isGzip(head);
  } finally {
    closeSync(fd);
  }
}

/**
 * NDJSON of claims compresses about ten times (100 000 generated claims: 44.5 MB, 4.4 MB with
 * gzip): a gzip file's size times this is what a choice by size (worker threads or none) goes by.
 */
export const GZIP_RATIO = 10;

/** How a claims file's text is saved, when no byte-order mark says it (undefined: UTF-8). */
export type ClaimsEncoding = 'utf-8' | 'windows-1252' | undefined;

/** A claims file, read in chunks of 1 MiB. */
export function openClaimsFile(file: string, encoding?: ClaimsEncoding): ClaimsSource {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  return claimsSource(raw, file, () => raw.bytesRead, encoding);
}

/**
 * Claims from a stream (standard input), compressed or not. `name` says where they come from in
 * the messages; `bytesRead` counts what the stream has given (undefined: counted here).
 */
export function claimsSource(raw: Readable, name: string, bytesRead?: () => number, encoding?: ClaimsEncoding): ClaimsSource {
  let read = 0;
  let gzip = false;
  let failed: DamagedInput | undefined;
  let gunzip: ReturnType<typeof createGunzip> | undefined;
  /** The text's bytes as UTF-8: decompressed, and from UTF-16 if its byte-order mark says it is. */
  async function* bytes(): AsyncGenerator<Uint8Array> {
    const inner = decompressed();
    try {
      const head = await firstBytes(inner, 3);
      const all = (async function* () {
        yield head;
        yield* inner;
      })();
      const utf16 = utf16ByBom(head);
      if (utf16) yield* utf16AsUtf8(all, utf16);
      else if (encoding === 'windows-1252' && !isUtf8Bom(head)) yield* windows1252AsUtf8(all);
      else {
        if (head.length) yield head;
        yield* inner;
      }
    } catch (e) {
      if (!(e instanceof Utf16Problem)) throw e;
      failed ??= new DamagedInput(`${name}: ${e.message}`);
    } finally {
      // Stopped while holding the first bytes: the file is closed all the same.
      await inner.return(undefined);
    }
  }
  async function* decompressed(): AsyncGenerator<Uint8Array> {
    const it = raw[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    try {
      // The first two bytes decide; a pipe may give them one at a time.
      const head = await firstBytes({ next: async () => {
        const r = await it.next();
        if (!r.done) read += r.value.length;
        return r;
      } }, 2);
      if (!isGzip(head)) {
        if (head.length) yield head;
        for (let r = await it.next(); !r.done; r = await it.next()) {
          read += r.value.length;
          yield r.value;
        }
        return;
      }
      gzip = true;
      const z = (gunzip = createGunzip({ chunkSize: 1 << 16 }));
      // The compressed bytes from the first on, fed to zlib as they are read; a read error of the
      // file ends the decompressed bytes with that error.
      const compressed = Readable.from((async function* () {
        yield head;
        for (let r = await it.next(); !r.done; r = await it.next()) {
          read += r.value.length;
          yield r.value;
        }
      })(), { objectMode: false });
      compressed.on('error', (e) => z.destroy(e));
      compressed.pipe(z);
      try {
        for await (const chunk of z) yield chunk as Uint8Array;
      } catch (e) {
        const error = damaged(e, name);
        if (!(error instanceof DamagedInput)) throw error;
        failed = error;
      }
    } finally {
      gunzip?.destroy();
      await it.return?.();
    }
  }
  return {
    bytes: bytes(),
    bytesRead: bytesRead ?? (() => read),
    compressed: () => gzip,
    failure: () => failed,
    destroy() {
      gunzip?.destroy();
      raw.destroy();
    },
  };
}

const isUtf8Bom = (b: Uint8Array) => b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

/** At least n bytes from the start (fewer only if there are no more), as one array. */
async function firstBytes(it: { next(): Promise<IteratorResult<Uint8Array>> }, n: number): Promise<Uint8Array> {
  let head: Uint8Array = new Uint8Array(0);
  while (head.length < n) {
    const r = await it.next();
    if (r.done) break;
    head = head.length ? Buffer.concat([head, r.value]) : r.value;
  }
  return head;
}

/** zlib's error in words, naming the file; another error (the file's own read error) as it is. */
function damaged(e: unknown, name: string): unknown {
  const code = (e as { code?: string }).code;
  if (code === 'Z_BUF_ERROR') return new DamagedInput(`${name}: the gzip data stops before its end (the file is cut short)`);
  if (typeof code === 'string' && code.startsWith('Z_')) return new DamagedInput(`${name}: the gzip data is damaged (${(e as Error).message})`);
  return e;
}
