/**
 * inkasso samlesak's first reading on worker threads: the main thread cuts the file into batches
 * of whole lines, or of CSV claims' records (replay's readers), the workers parse, check and read
 * each claim's candidacy (samlesak-worker.ts), and the main thread takes their answers in the
 * file's order, as it would have read the lines itself. This module sits beside its worker's
 * entry: the same relative URL finds it in engine/cli/ and, built, in dist/.
 */
import type { AsOfMode } from '../replay/claim-line.ts';
import { openClaimsFile } from '../replay/claims-file.ts';
import { startThreads } from '../replay/pool.ts';
import { ndjsonBatches } from '../replay/read-ndjson.ts';
import { csvBatches } from '../replay/read-csv.ts';
import { packCsvEntries, packedBuffers } from '../replay/csv-packed.ts';
import type { CsvMap } from '../replay/csv-map.ts';
import type { RuleSet } from '../rules/index.ts';
import type { SamlesakFinder } from '../samlesak/samlesak.ts';
import type { FirstReadingDone, FirstReadingJob, FirstReadingSetup } from './samlesak-worker.ts';

/**
 * Reads a file's claims (NDJSON, or CSV with a CsvMap; gzip-compressed or not) into the finder's
 * first pass on `workers` threads. `onRead` is told, after each batch taken, how many claims it
 * held and how many bytes of the file were read.
 */
export async function readFirstOnThreads(file: string, csv: CsvMap | undefined, finder: SamlesakFinder, workers: number, rules: RuleSet, mode: AsOfMode, onRead: (lines: number, bytes: number) => void): Promise<void> {
  const setup: FirstReadingSetup = { rules: rules.sources, mode };
  const threads = await startThreads<FirstReadingJob, FirstReadingDone>(new URL('./samlesak-worker-entry.js', import.meta.url), workers, setup, 'samlesak');
  const inFlight: { readonly done: Promise<FirstReadingDone>; readonly bytes: number }[] = [];
  const maxInFlight = Math.max(2, workers * 3);
  const take = async () => {
    const job = inFlight.shift()!;
    const { batch } = await job.done;
    finder.takeBatch(batch);
    onRead(batch.count, job.bytes);
  };
  const source = openClaimsFile(file, csv?.encoding);
  let seq = 0;
  try {
    const cut = () => source.failure() !== undefined;
    for await (const chunk of csv ? csvBatches(source.bytes, csv, { cut }) : ndjsonBatches(source.bytes, { cut })) {
      if (chunk.kind === 'items') {
        // Lines judged while the file was cut (a line longer than a claim may be): taken in their place.
        while (inFlight.length) await take();
        for (const item of chunk.items) {
          if ('claim' in item) finder.consider(item);
          else finder.unreadable({ line: item.line, ...(item.claimId !== undefined ? { claimId: item.claimId } : {}), code: item.error.code, message: item.error.message });
        }
        onRead(chunk.items.length, source.bytesRead());
        continue;
      }
      let done: Promise<FirstReadingDone>;
      if (chunk.kind === 'csv') {
        const packed = packCsvEntries(chunk.entries);
        done = threads.submit({ kind: 'csv', seq: seq++, setup: chunk.setup, packed }, packedBuffers(packed));
      } else done = threads.submit({ kind: 'ndjson', seq: seq++, firstLine: chunk.firstLine, bytes: chunk.bytes, lines: chunk.lines }, [chunk.bytes.buffer as ArrayBuffer]);
      // Awaited in order by take; until then a worker's failure must not count as unhandled.
      done.catch(() => {});
      inFlight.push({ done, bytes: source.bytesRead() });
      while (inFlight.length >= maxInFlight) await take();
    }
    while (inFlight.length) await take();
    // Damaged gzip data ended the bytes: the lines before it are taken, then the reading fails.
    const failure = source.failure();
    if (failure) throw failure;
  } finally {
    source.destroy();
    await threads.close();
  }
}
