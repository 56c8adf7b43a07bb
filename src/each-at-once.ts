// **each-at-once** runs an async task over a list with a bounded number in flight: link checks, the static
// copy's compression, the files sent to an external SPARQL engine. Lanes take the next item as they finish.

/** Runs `run` on every item, at most `limit` at once; the first failure fails the whole, once the others settle. */
export async function eachAtOnce<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length) await run(items[next++]);
  });
  const failed = (await Promise.allSettled(lanes)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
