/**
 * Named points in a publish where the crash test (test/editor/publish-crash.test.ts) makes the editor
 * die, to prove that a restart finds either the old or the new rules, never a mix. Off unless the
 * environment asks for it, and then only in the process that was started with it:
 *
 *   INKASSO_FAILPOINT=etter-journal      die with SIGKILL when the publish reaches that point
 *   INKASSO_PUBLISH_STEP_DELAY_MS=40      wait that long at every point (so that a kill sent from
 *                                         outside at a random moment can land anywhere in a publish)
 *
 * With either set, each point reached is written to stderr (`failpoint NAME`). The points, in order: for-journal, journal-halv (half the journal line written, then die),
 * etter-journal, etter-midlertidige (every new file written beside its old one), etter-flytting-N
 * (N files renamed into place), etter-filer, etter-utkast (the draft marked published), ferdig.
 */
const target = process.env.INKASSO_FAILPOINT ?? '';
const delayMs = Number(process.env.INKASSO_PUBLISH_STEP_DELAY_MS ?? 0);

export const failpointsOn = target !== '' || delayMs > 0;

/** True when the process is set to die at this point (the caller then dies in its own way). */
export function failsAt(name: string): boolean {
  return target === name;
}

export function die(): never {
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL cannot be caught; this line is never reached.
  throw new Error('unreachable');
}

/** Reaches a point of a publish: waits when asked to, and dies when this is the chosen point. */
export async function failpoint(name: string): Promise<void> {
  if (!failpointsOn) return;
  process.stderr.write(`failpoint ${name}\n`);
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  if (failsAt(name)) die();
}
