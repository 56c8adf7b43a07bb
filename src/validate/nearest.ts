// **nearest** suggests the known name closest to a misspelt one ("did you mean …?").

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}

/**
 * The candidate closest to `wanted`, if it is close enough to be a plausible typo: a few edits,
 * counted against the local name (after the last / # or :) so that long namespaces do not widen the net.
 */
export function nearest(wanted: string, candidates: Iterable<string>): string | undefined {
  const local = wanted.slice(Math.max(wanted.lastIndexOf('/'), wanted.lastIndexOf('#'), wanted.lastIndexOf(':')) + 1);
  const limit = Math.max(1, Math.min(3, Math.floor(local.length / 4)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - wanted.length) > limit) continue;
    const d = distance(wanted.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= limit ? best : undefined;
}

/**
 * The `count` candidates closest to `wanted`, however far: for "pick one of these" lists rather than typos.
 * `names` gives the strings a candidate answers to (its local name, its labels…); the closest one counts.
 */
export function closest<T>(wanted: string, candidates: Iterable<T>, names: (candidate: T) => string[], count: number): T[] {
  const w = wanted.toLowerCase();
  return [...candidates]
    .map((candidate) => ({ candidate, name: names(candidate)[0] ?? '', d: Math.min(...names(candidate).map((n) => distance(w, n.toLowerCase()))) }))
    // Ties in name order, so that the list does not change with the order of the scheme file.
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, count)
    .map(({ candidate }) => candidate);
}
