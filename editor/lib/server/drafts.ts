/**
 * Drafts: a proposed change to one or more rule files (and, with it, any golden expectations the
 * officer accepts), kept as one JSON file per draft in the data folder so that it survives a
 * restart. Each file in a draft remembers the published text it started from (for the check at
 * publishing) and a revision that goes up with every save (for the check at saving): a save made
 * on a stale revision is refused with the difference, never silently overwriting someone's work.
 */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { GoldenCase } from '$engine/node.ts';
import { makeFolder } from '$engine/make-folder.ts';
import { Queue, readJson, writeJson } from './atomic.ts';

export type DraftStatus = 'utkast' | 'til_godkjenning' | 'publisert' | 'avvist' | 'forkastet';

export interface DraftFile {
  /** The published text when the file was added to the draft (null: a new file). */
  readonly base: string | null;
  /** The draft's text (null: the draft removes the file). */
  readonly text: string | null;
  readonly rev: number;
  readonly editedBy: string;
  readonly editedAt: string;
}

export interface AcceptedExpectation {
  readonly expected: GoldenCase['expected'];
  /** The whole case file, when the change puts back a file as it was (a restore) rather than new figures. */
  readonly text?: string;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

export interface DraftEvent {
  readonly at: string;
  readonly by: string;
  readonly what: string;
}

export interface Draft {
  readonly id: string;
  readonly title: string;
  readonly author: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly status: DraftStatus;
  readonly files: Readonly<Record<string, DraftFile>>;
  readonly golden: Readonly<Record<string, AcceptedExpectation>>;
  readonly reason?: string;
  readonly hjemmel?: string;
  readonly restoredFrom?: string;
  readonly decision?: { readonly by: string; readonly at: string; readonly approved: boolean; readonly comment: string };
  readonly publishedAs?: string;
  /** The key of the form that created it: the same form sent twice gives the same draft. */
  readonly requestKey?: string;
  readonly log: readonly DraftEvent[];
}

export class DraftConflict extends Error {
  readonly path: string;
  readonly theirs: string | null;
  readonly yours: string | null;
  readonly theirRev: number;
  readonly by: string;
  constructor(path: string, theirs: string | null, yours: string | null, theirRev: number, by: string) {
    super(`${path} er endret av ${by} etter at du åpnet den`);
    this.path = path;
    this.theirs = theirs;
    this.yours = yours;
    this.theirRev = theirRev;
    this.by = by;
  }
}

export class DraftError extends Error {}

const ID = /^[a-z0-9]{12}$/;

export class DraftStore {
  private readonly dir: string;
  private readonly queue = new Queue();
  /** The journal's word on whether a draft is published: it overrides the draft's own file. */
  private readonly publishedAs: (id: string) => string | undefined;
  constructor(dataDir: string, publishedAs: (id: string) => string | undefined = () => undefined) {
    this.dir = join(dataDir, 'drafts');
    this.publishedAs = publishedAs;
    makeFolder(this.dir);
  }

  private file(id: string): string {
    if (!ID.test(id)) throw new DraftError('Ukjent utkast.');
    return join(this.dir, `${id}.json`);
  }

  /** A draft as stored, with the journal's verdict laid over it. */
  private withJournal(d: Draft): Draft {
    const entry = this.publishedAs(d.id);
    return entry && (d.status !== 'publisert' || d.publishedAs !== entry) ? { ...d, status: 'publisert', publishedAs: entry } : d;
  }

  list(): Draft[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => /^[a-z0-9]{12}\.json$/.test(f))
      .map((f) => this.withJournal(readJson<Draft>(join(this.dir, f), undefined as never)))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** A draft, or undefined for an unknown id (and for anything that is not a draft id at all). */
  get(id: string): Draft | undefined {
    if (!ID.test(id)) return undefined;
    const path = this.file(id);
    return existsSync(path) ? this.withJournal(readJson<Draft>(path, undefined as never)) : undefined;
  }

  create(input: { title: string; author: string; files: Record<string, { base: string | null; text: string | null }>; golden?: Record<string, AcceptedExpectation>; restoredFrom?: string; requestKey?: string; note?: string }): Promise<Draft> {
    return this.queue.run(() => {
      if (input.requestKey) {
        const same = this.list().find((d) => d.requestKey === input.requestKey && d.author === input.author);
        if (same) return same;
      }
      return this.createNow(input);
    });
  }

  /** Creates a draft at once (at start-up, before any request is served). */
  createNow(input: { title: string; author: string; files: Record<string, { base: string | null; text: string | null }>; golden?: Record<string, AcceptedExpectation>; restoredFrom?: string; requestKey?: string; note?: string }): Draft {
    const now = new Date().toISOString();
    const id = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
    const files: Record<string, DraftFile> = {};
    for (const [path, f] of Object.entries(input.files)) files[path] = { base: f.base, text: f.text, rev: 1, editedBy: input.author, editedAt: now };
    const draft: Draft = {
      id, title: input.title.trim() || 'Endring', author: input.author, createdAt: now, updatedAt: now, status: 'utkast', files, golden: input.golden ?? {},
      ...(input.restoredFrom ? { restoredFrom: input.restoredFrom } : {}),
      ...(input.requestKey ? { requestKey: input.requestKey } : {}),
      log: [{ at: now, by: input.author, what: input.note ?? (input.restoredFrom ? `opprettet som gjenoppretting av ${input.restoredFrom}` : 'opprettet') }],
    };
    writeJson(this.file(id), draft);
    return draft;
  }

  /** Records in the draft's own file that the journal published it (at start-up, or after a publish). */
  markPublishedNow(id: string, entryId: string, by: string, comment: string): void {
    const path = this.file(id);
    if (!existsSync(path)) return;
    const d = readJson<Draft>(path, undefined as never);
    if (d.status === 'publisert' && d.publishedAs === entryId) return;
    const now = new Date().toISOString();
    writeJson(path, {
      ...d, status: 'publisert', publishedAs: entryId, updatedAt: now,
      decision: { by, at: now, approved: true, comment },
      log: [...d.log, { at: now, by, what: `godkjent og publisert som ${entryId}` }],
    });
  }

  markPublished(id: string, entryId: string, by: string, comment: string): Promise<void> {
    return this.queue.run(() => this.markPublishedNow(id, entryId, by, comment));
  }

  /** Changes a draft under the queue: read it fresh, let `change` return the new draft, write it. */
  update(id: string, change: (d: Draft) => Draft): Promise<Draft> {
    return this.queue.run(() => {
      const current = this.get(id);
      if (!current) throw new DraftError('Utkastet finnes ikke.');
      if (current.status === 'publisert') throw new DraftError('Utkastet er publisert og kan ikke endres.');
      const next = { ...change(current), updatedAt: new Date().toISOString() };
      writeJson(this.file(id), next);
      return next;
    });
  }

  /**
   * Saves a file's text in a draft, if the caller's revision is the current one; otherwise throws
   * DraftConflict with both texts. `base` is used when the file is new to the draft.
   */
  saveFile(id: string, path: string, text: string | null, rev: number, by: string, base: string | null): Promise<Draft> {
    return this.update(id, (d) => {
      if (d.status !== 'utkast') throw new DraftError('Utkastet er sendt til godkjenning eller avsluttet og kan ikke endres.');
      const current = d.files[path];
      if (current && current.rev !== rev) throw new DraftConflict(path, current.text, text, current.rev, current.editedBy);
      const now = new Date().toISOString();
      return {
        ...d,
        files: { ...d.files, [path]: { base: current ? current.base : base, text, rev: (current?.rev ?? 0) + 1, editedBy: by, editedAt: now } },
        log: [...d.log, { at: now, by, what: `lagret ${path}` }],
      };
    });
  }
}
