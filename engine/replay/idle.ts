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
 * The source's values, and IDLE once whenever the next value has not come within `ms`; then the
 * same read goes on waiting. A file read at full speed never pauses that long: it gets no IDLE.
 */
export async function* markIdle<T>(source: AsyncIterable<T>, ms: number): AsyncGenerator<T | typeof IDLE> {
  const it = source[Symbol.asyncIterator]();
  let waiting: Promise<IteratorResult<T>> | undefined;
  let ended = false;
  // One timer, restarted for each read (cheaper than a timer per read: CSV records come one by one).
  let wake: ((v: typeof IDLE) => void) | undefined;
  const timer = setTimeout(() => wake?.(IDLE), ms);
  try {
    for (;;) {
      const next = (waiting = it.next());
      timer.refresh();
      let r = await Promise.race([next, new Promise<typeof IDLE>((resolve) => { wake = resolve; })]);
      wake = undefined;
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
    clearTimeout(timer);
    if (!ended) {
      // Stopped by the consumer. A read still waiting (a pipe with nothing to say) is left to end
      // when its input is destroyed: awaiting the source's return now would wait for that read.
      if (waiting) {
        waiting.catch(() => {});
        void Promise.resolve(it.return?.()).catch(() => {});
      } else await it.return?.();
    }
  }
}
