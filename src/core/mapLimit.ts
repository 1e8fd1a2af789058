// A small concurrency limiter: run async tasks with at most `limit` in flight.

/**
 * Run `fn` over `items`, at most `limit` at a time, in order of start. `beforeEach` is awaited before an item starts
 * (the host passes its time slicer's turn, so long runs give the event loop turns). The first rejection rejects the
 * whole (items already started still finish).
 */
export async function forEachLimit<T>(
  items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>, beforeEach?: () => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      if (beforeEach) {
        await beforeEach();
        if (next >= items.length) break;
      }
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** Run tasks with at most `limit` in flight; results keep input order; a rejection does not stop the others. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  await forEachLimit(items, limit, async (item, i) => {
    try {
      results[i] = { status: 'fulfilled', value: await fn(item) };
    } catch (reason) {
      results[i] = { status: 'rejected', reason };
    }
  });
  return results;
}
