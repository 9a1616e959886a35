/**
 * Unsaved work: a warning before leaving a page with edits that are not saved (a link, Back, or
 * closing the tab), and a copy in the browser's localStorage until the edit is saved or discarded,
 * so that a crash, a closed tab or an ended session loses nothing.
 */
import { beforeNavigate } from '$app/navigation';

export const LEAVE_WARNING = 'Du har endringer som ikke er lagret. Vil du forlate siden? (En kopi er tatt vare på i denne nettleseren.)';

/** Call during component setup: warns before any navigation away while `dirty()` is true. */
export function warnBeforeLeaving(dirty: () => boolean): void {
  beforeNavigate(({ cancel, willUnload, type }) => {
    if (!dirty()) return;
    // Leaving the document (reload, closing the tab): the browser asks on its own when cancelled.
    if (willUnload || type === 'leave') {
      cancel();
      return;
    }
    if (!confirm(LEAVE_WARNING)) cancel();
  });
}

export interface Backup<T> {
  readonly value: T;
  readonly savedAt: string;
}

/** A local copy of unsaved work, under a key per page and thing being edited. */
export function localBackup<T>(key: string) {
  const full = `inkassomotor:${key}`;
  return {
    read(): Backup<T> | undefined {
      try {
        const raw = localStorage.getItem(full);
        return raw ? (JSON.parse(raw) as Backup<T>) : undefined;
      } catch {
        return undefined;
      }
    },
    write(value: T): void {
      try {
        localStorage.setItem(full, JSON.stringify({ value, savedAt: new Date().toISOString() }));
      } catch {
        /* storage full or off: the warning before leaving still protects the edit */
      }
    },
    clear(): void {
      try {
        localStorage.removeItem(full);
      } catch {
        /* nothing to clear */
      }
    },
  };
}
