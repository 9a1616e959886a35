/**
 * When a session ends in the middle of an edit, the page asks for the password in place (the
 * Reauth dialog in the layout) and then sends the request again, so that no edit is lost.
 * `api()` does this for fetch calls; `keepWork` for forms sent with use:enhance.
 */
import { enhance } from '$app/forms';
import type { SubmitFunction } from '@sveltejs/kit';

interface Pending {
  resolve: (ok: boolean) => void;
}

class ReauthState {
  open = $state(false);
  message = $state('');
  private waiting: Pending[] = [];

  /** Opens the dialog (once, however many requests wait) and resolves when signed in again, or false when cancelled. */
  ask(message: string): Promise<boolean> {
    this.message = message;
    this.open = true;
    return new Promise((resolve) => this.waiting.push({ resolve }));
  }

  done(ok: boolean): void {
    this.open = false;
    const w = this.waiting;
    this.waiting = [];
    for (const p of w) p.resolve(ok);
  }
}

export const reauth = new ReauthState();

const isExpired = async (res: Response): Promise<string | null> => {
  if (res.status !== 401) return null;
  const body = (await res.clone().json().catch(() => ({}))) as { error?: string; code?: string };
  return body.code === 'SESSION_EXPIRED' ? (body.error ?? 'Økten din er utløpt.') : null;
};

/** fetch for the editor's own endpoints: on an ended session, asks for the password and tries once more. */
export async function api(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, init);
  const expired = await isExpired(res);
  if (!expired) return res;
  if (!(await reauth.ask(expired))) return res;
  return fetch(url, init);
}

/**
 * use:keepWork on a form: sent by script (use:enhance); when the session has ended, the password
 * is asked for in place and the form is sent again with what the user wrote.
 */
export function keepWork(form: HTMLFormElement, submit?: SubmitFunction) {
  return enhance(form, (input) => {
    const after = submit?.(input);
    return async (opts) => {
      const { result } = opts;
      if (result.type === 'error' && (result.status === 401 || (result.error as { code?: string } | undefined)?.code === 'SESSION_EXPIRED')) {
        const ok = await reauth.ask((result.error as { message?: string } | undefined)?.message ?? 'Økten din er utløpt.');
        if (ok) input.formElement.requestSubmit(input.submitter instanceof HTMLElement ? (input.submitter as HTMLButtonElement) : undefined);
        return;
      }
      if (typeof after === 'function') await (after as (o: unknown) => Promise<void> | void)(opts);
      else await opts.update();
    };
  });
}
