/**
 * Runs an async read-modify-write one call at a time, so two quick changes
 * (two tabs pausing two sites, two settings clicked in a row) never both read
 * the same old value and lose one of the writes.
 *
 * @example export const setSitePaused = serialize(async (site: string, paused: boolean) => …);
 */
export function serialize<A extends unknown[], R>(step: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let last: Promise<unknown> = Promise.resolve();
  return (...args) => {
    const run = last.then(
      () => step(...args),
      () => step(...args),
    );
    last = run.catch(() => undefined);
    return run;
  };
}
