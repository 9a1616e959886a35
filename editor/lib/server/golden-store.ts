/**
 * The golden corpus the preview runs: read from the golden folder, and updated (atomically, one
 * file per case) when a change accepted with its reason is published. Only the case's `expected`
 * block is replaced, and a dated line is added to `checked`; the rest of the file keeps its text.
 */
import { Document, isMap, parseDocument } from 'yaml';
import { parseGoldenCases, readRuleSources, type GoldenCase, type LoadedCase } from '$engine/node.ts';
import { writeFileAtomic } from './atomic.ts';
import { goldenCasePath, inside } from './paths.ts';

export class GoldenStore {
  readonly dir: string;
  private cache: LoadedCase[] | undefined;
  constructor(dir: string) {
    this.dir = dir;
  }

  cases(): LoadedCase[] {
    if (!this.cache) this.cache = parseGoldenCases(readRuleSources(this.dir)).cases;
    return this.cache;
  }

  get(id: string): LoadedCase | undefined {
    return this.cases().find((c) => c.id === id);
  }

  /** The case file's text with a new expectation and a line saying who changed it, when and why. */
  static withExpectation(text: string, expected: GoldenCase['expected'], note: string): string {
    const doc = parseDocument(text) as Document.Parsed;
    if (!isMap(doc.contents)) throw new Error('a golden case is a map');
    doc.set('expected', doc.createNode(expected, { flow: false }));
    const checked = String(doc.get('checked') ?? '').trim();
    doc.set('checked', `${checked}\n${note}`.trim());
    return doc.toString({ lineWidth: 0 });
  }

  write(updates: readonly { caseId: string; text: string }[]): void {
    for (const u of updates) writeFileAtomic(inside(this.dir, goldenCasePath(u.caseId)), u.text);
    this.cache = undefined;
  }
}
