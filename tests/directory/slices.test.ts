// The directory is built in one go at start-up and a slice at a time on reloads: both must give the same views,
// and the sliced build must let the event loop run between slices.
import { describe, expect, it } from 'vitest';
import { mapSteps, runInSlices, runToEnd, type Steps } from '../../src/directory/slices.js';
import { loadGraph } from '../../src/graph/load-graph.js';
import { buildDirectory, buildDirectoryInSlices, type Directory } from '../../src/directory/directory.js';
import { parseSearchQuery } from '../../src/directory/search.js';
import { BASE, DATA, ONTOLOGY, ROOT } from '../helpers.js';

/** Steps that each last at least `ms` by the clock, whatever the machine's speed. */
function* slowSquares(count: number, ms: number): Steps<number[]> {
  return yield* mapSteps(Array.from({ length: count }, (_, i) => i), (i) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
    return i * i;
  }, 1);
}

/** How many times the event loop ran other callbacks while `run` worked. */
async function ticksDuring(run: () => unknown): Promise<number> {
  let ticks = 0;
  let stop = false;
  const tick = () => {
    if (stop) return;
    ticks++;
    setImmediate(tick);
  };
  setImmediate(tick);
  await run();
  stop = true;
  return ticks;
}

describe('slices', () => {
  it('gives the same result run to the end or in slices', async () => {
    expect(runToEnd(slowSquares(5, 0))).toEqual([0, 1, 4, 9, 16]);
    expect(await runInSlices(slowSquares(5, 0))).toEqual([0, 1, 4, 9, 16]);
  });

  it('gives the event loop back between slices, and only in slices', async () => {
    // Each step lasts 3 ms and a slice 1 ms: the sliced run pauses after every step.
    expect(await ticksDuring(() => runInSlices(slowSquares(10, 3), 1))).toBeGreaterThanOrEqual(9);
    expect(await ticksDuring(() => runToEnd(slowSquares(10, 3)))).toBe(0);
  });
});

describe('the directory built in slices', () => {
  const snapshot = (d: Directory) => ({
    home: [d.home('fr'), d.home('en')],
    statistics: [d.statistics('fr'), d.statistics('en')],
    lists: [d.search, d.actorSearch, d.serviceSearch, d.projectSearch].map((index) => ({
      documents: index.documents,
      all: index.search(parseSearchQuery(new URLSearchParams(''), index.facets)).hits.map((h) => h.iri),
      words: ['données', 'participation', 'carto'].map((q) => index.search(parseSearchQuery(new URLSearchParams({ q }), index.facets)).hits.map((h) => h.iri)),
    })),
    ecosystem: d.ecosystem.view(d.ecosystem.parse(new URLSearchParams('')).query, 'fr'),
    territories: d.territories.overview('fr'),
    cooperative: d.cooperative('fr'),
    entity: d.entity(`${BASE}id/commons/decidim`, 'fr'),
  });

  it('is the directory built in one go', async () => {
    const graph = await loadGraph({ ontologyDir: ONTOLOGY, dataDir: DATA, baseIri: BASE, strict: true, cwd: ROOT });
    const whole = snapshot(buildDirectory(graph));
    expect(whole.lists[0].documents.length).toBeGreaterThan(10);
    expect(whole.lists[0].words.flat().length).toBeGreaterThan(0);
    expect(snapshot(await buildDirectoryInSlices(graph))).toEqual(whole);
  });
});
