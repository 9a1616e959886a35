/**
 * Text saved in Windows-1252, as Excel's CSV (semikolondelt) and Text (Tab delimited) are on a
 * Norwegian Windows ("Beløp" is 42 65 6C F8 70), chunk by chunk as UTF-8 bytes. Every byte is a
 * character there, so nothing can be broken, and nothing in the bytes says they are this encoding:
 * the CSV map does ("encoding").
 */
export async function* windows1252AsUtf8(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder('windows-1252');
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield Buffer.from(text, 'utf8');
  }
  const rest = decoder.decode();
  if (rest) yield Buffer.from(rest, 'utf8');
}
