import { describe, expect, it } from 'vitest';
import { decodeUtf16, describeUtf16, utf16AsUtf8, utf16ByBom, Utf16Problem, type Utf16 } from './utf16.ts';
import { windows1252AsUtf8 } from './windows-1252.ts';

/** The text as UTF-16 with its byte-order mark. */
function encode(text: string, encoding: Utf16): Buffer {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  return encoding === 'utf-16le' ? le : Buffer.from(le).swap16();
}

/** Everything utf16AsUtf8 passes on from the chunks, as text, and the problem it ends with. */
async function collect(chunks: Uint8Array[], encoding: Utf16): Promise<{ text: string; problem?: Utf16Problem }> {
  const out: Uint8Array[] = [];
  try {
    for await (const c of utf16AsUtf8((async function* () { yield* chunks; })(), encoding)) out.push(c);
  } catch (e) {
    if (!(e instanceof Utf16Problem)) throw e;
    return { text: Buffer.concat(out).toString('utf8'), problem: e };
  }
  return { text: Buffer.concat(out).toString('utf8') };
}

/** The bytes cut into pieces of the given sizes, in turn (the rest as the last piece). */
function cut(bytes: Buffer, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length]!;
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

// Two lines with a letter outside the basic plane (a surrogate pair) and æøå.
const text = '{"id":"K-1","note":"Blåbær 😀"}\n{"id":"K-2","note":"ÆØÅ"}\n';

describe('UTF-16 text', () => {
  it('is told by its byte-order mark only', () => {
    expect(utf16ByBom(encode('a', 'utf-16le'))).toBe('utf-16le');
    expect(utf16ByBom(encode('a', 'utf-16be'))).toBe('utf-16be');
    expect(utf16ByBom(Buffer.from('\ufeffa', 'utf8'))).toBeUndefined(); // UTF-8's mark is EF BB BF
    expect(utf16ByBom(Buffer.from('a', 'utf16le'))).toBeUndefined(); // without a mark: not guessed
    expect(utf16ByBom(new Uint8Array([0xff]))).toBeUndefined();
    expect(describeUtf16('utf-16le')).toBe('UTF-16 (it begins with the byte-order mark FF FE)');
    expect(describeUtf16('utf-16be')).toBe('UTF-16 (it begins with the byte-order mark FE FF)');
  });

  it('is decoded whole, little- and big-endian, without the mark', () => {
    expect(decodeUtf16(encode(text, 'utf-16le'), 'utf-16le')).toBe(text);
    expect(decodeUtf16(encode(text, 'utf-16be'), 'utf-16be')).toBe(text);
  });

  it('is passed on as UTF-8 however the bytes are cut, a character split between two pieces too', async () => {
    for (const encoding of ['utf-16le', 'utf-16be'] as const) {
      const bytes = encode(text, encoding);
      for (const sizes of [[bytes.length], [1], [2], [3], [5, 1], [7], [2, 1, 3]]) {
        expect(await collect(cut(bytes, sizes), encoding), `${encoding} in pieces of ${sizes}`).toEqual({ text });
      }
    }
  });

  it('with a surrogate without its pair: the text before it, and its line', async () => {
    const bytes = encode(`${text}{"id":"K-3`, 'utf-16le');
    const broken = Buffer.concat([bytes, Buffer.from([0x00, 0xd8, 0x22, 0x00]), encode('}\n', 'utf-16le').subarray(2)]); // U+D800 then "
    expect(() => decodeUtf16(broken, 'utf-16le')).toThrow(new Utf16Problem(3));
    for (const sizes of [[broken.length], [1], [3], [64]]) {
      const r = await collect(cut(broken, sizes), 'utf-16le');
      expect(r.text, `pieces of ${sizes}`).toBe(`${text}{"id":"K-3`);
      expect(r.problem?.line).toBe(3);
      expect(r.problem?.message).toBe('line 3: the text is UTF-16 with a character cut in half (a surrogate without its pair, or an odd last byte); save it as UTF-8');
    }
  });

  it('with an odd last byte or a surrogate left at the end: the line after the text', async () => {
    for (const end of [[0x41], [0x3d, 0xd8]]) {
      const broken = Buffer.concat([encode(text, 'utf-16le'), Buffer.from(end)]);
      expect(() => decodeUtf16(broken, 'utf-16le')).toThrow(new Utf16Problem(3));
      const r = await collect(cut(broken, [5]), 'utf-16le');
      expect(r).toEqual({ text, problem: new Utf16Problem(3) });
      expect(r.problem?.line).toBe(3);
    }
  });
});

describe('Windows-1252 text', () => {
  it('is passed on as UTF-8, each byte its character, however the bytes are cut', async () => {
    const bytes = Buffer.from([0x42, 0x65, 0x6c, 0xf8, 0x70, 0x3b, 0x80, 0x3b, 0xc6, 0xd8, 0xc5, 0x0a]); // Beløp;€;ÆØÅ
    for (const size of [1, 2, 5, bytes.length]) {
      const out: Uint8Array[] = [];
      for await (const c of windows1252AsUtf8((async function* () { yield* cut(bytes, [size]); })())) out.push(c);
      expect(Buffer.concat(out).toString('utf8'), `pieces of ${size}`).toBe('Beløp;€;ÆØÅ\n');
    }
  });
});
