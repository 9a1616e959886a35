/**
 * Pauses in the input. A replay reading a pipe that another program writes slowly (a live export,
 * `tail -f`) must not hold the claims it has until a whole batch has come: when the input pauses,
 * the readers hand on what they have, and the run writes what is done.
 */

/** What markIdle yields when the input has paused. */
export const IDLE: unique symbol = Symbol('input paused');

/** How long the input must pause before the lines read are evaluated and written (ms). */
export const DEFAULT_IDLE_MS = 200;

/** A read, or IDLE when it has not been answered within `ms` (the read goes on). */
export function readOrIdle<T>(read: Promise<T>, ms: number): Promise<T | typeof IDLE> {
  let timer: NodeJS.Timeout | undefined;
  const paused = new Promise<typeof IDLE>((resolve) => {
    timer = setTimeout(resolve, ms, IDLE);
  });
  return Promise.race([read, paused]).finally(() => clearTimeout(timer));
}

/**
 * Ends the reading of an iterator whose consumer stopped before its end. A read still waiting (a
 * pipe with nothing to say) is left to end when its input is destroyed: awaiting the iterator's
 * return now would wait for that read.
 */
export async function stopReading(it: AsyncIterator<unknown>, waiting: Promise<unknown> | undefined): Promise<void> {
  if (waiting) {
    waiting.catch(() => {});
    void Promise.resolve(it.return?.()).catch(() => {});
  } else await it.return?.();
}

/**
 * The source's values, and IDLE once whenever the next value has not come within `ms`; then the
 * same read goes on waiting. A file read at full speed never pauses that long: it gets no IDLE.
 */
export async function* markIdle<T>(source: AsyncIterable<T>, ms: number): AsyncGenerator<T | typeof IDLE> {
  const it = source[Symbol.asyncIterator]();
  let waiting: Promise<IteratorResult<T>> | undefined;
  let ended = false;
  try {
    for (;;) {
      const next = (waiting = it.next());
      let r = await readOrIdle(next, ms);
      if (r === IDLE) {
        yield IDLE;
        r = await next;
      }
      waiting = undefined;
      if (r.done) {
        ended = true;
        return;
      }
      yield r.value;
    }
  } finally {
    if (!ended) await stopReading(it, waiting);
  }
}
