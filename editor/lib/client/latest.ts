/**
 * Checks sent while the user types can be answered out of order: on a slow line or a busy server
 * the answer to an older text may come after the answer to the newer one. Only the answer to the
 * last check sent is shown; otherwise a field holding a value can show "Skriv verdien." from the
 * check made while it was still empty.
 */
export function latestOnly(): { begin(): () => boolean } {
  let sent = 0;
  return {
    /** Marks a check as sent; the function it returns says whether it is still the last one. */
    begin() {
      const id = ++sent;
      return () => id === sent;
    },
  };
}
