// The relevance set (tests/search/relevance.json): queries as people type them, each with the entries that
// must be in the top 3 of its list, on the bundled data. npm run bench reports recall@3 and MRR on the same set.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGraph } from '../../src/graph/load-graph.js';
import { buildDirectory } from '../../src/directory/directory.js';
import { measureQuality, scoreQuery, type RelevanceQuery } from '../../src/directory/search-quality.js';
import { BASE, DATA, ONTOLOGY, ROOT } from '../helpers.js';

const { queries } = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'search', 'relevance.json'), 'utf8')) as { queries: RelevanceQuery[] };
const graph = await loadGraph({ ontologyDir: ONTOLOGY, dataDir: DATA, baseIri: BASE, strict: true, cwd: ROOT });
const directory = buildDirectory(graph);

describe('relevance set', () => {
  it('has at least 40 queries, in French and English, over several lists, each naming entries that exist', () => {
    expect(queries.length).toBeGreaterThanOrEqual(40);
    expect(new Set(queries.map((q) => q.list)).size).toBeGreaterThanOrEqual(3);
    const kinds = { commons: 'commons', actors: 'actor', services: 'service', projects: 'project' } as const;
    for (const q of queries) {
      const known = new Set(directory.reader.all(kinds[q.list]).map((iri) => iri.slice(iri.lastIndexOf('/') + 1)));
      for (const slug of q.top3) expect(known, `${q.list} "${q.q}" expects ${slug}`).toContain(slug);
    }
  });

  it.each(queries.map((q) => [q.list, q.q, q] as const))('%s "%s" has its expected entries in the top 3', (_list, _q, query) => {
    const score = scoreQuery(directory, query);
    expect(score.missing, `got ${score.got.join(', ')}`).toEqual([]);
  });

  it('scores recall@3 and MRR from the results, and a wrong expectation lowers both', () => {
    const good = measureQuality(directory, queries);
    expect(good.recallAt3).toBe(1);
    const wrong = measureQuality(directory, [...queries, { list: 'commons', q: 'peertube', top3: ['decidim'] }]);
    expect(wrong.recallAt3).toBeLessThan(1);
    expect(wrong.mrr).toBeLessThan(good.mrr);
  });
});
