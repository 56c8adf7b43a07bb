// **slices** runs a long computation written as a generator either at once or a slice at a time. The views of a
// large graph take seconds to build (minutes at a million triples); a reload builds them while the server keeps
// answering with the old ones, so the build must give the event loop back often. Written once as steps that
// `yield` where a pause is harmless, the same code serves the start-up (run to the end: nothing to answer yet)
// and the reload (run in slices).

/** A computation that yields (nothing) wherever it may pause, and returns its result. */
export type Steps<T> = Generator<void, T, void>;

/** Runs the steps without pausing. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs the steps, giving the event loop back after each slice of about `sliceMs` milliseconds. */
export async function runInSlices<T>(steps: Steps<T>, sliceMs = 15): Promise<T> {
  let until = performance.now() + sliceMs;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() >= until) {
      await new Promise((resolve) => setImmediate(resolve));
      until = performance.now() + sliceMs;
    }
  }
}

/** Maps a list, with a pause allowed every `every` items. */
export function* mapSteps<T, U>(items: readonly T[], map: (item: T, index: number) => U, every = 64): Steps<U[]> {
  const out: U[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    if (i % every === every - 1) yield;
    out[i] = map(items[i], i);
  }
  return out;
}
