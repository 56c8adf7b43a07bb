// Every entry of the real data/ folder, dereferenced at its path on a local origin in every syntax,
// parsed back by an independent parser: its own rdf:type is there, under its canonical w3id IRI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { RDF_TYPE } from '../../src/rdf/namespaces.js';
import { iriToPath } from '../../src/rdf/iri-paths.js';
import { DATA } from '../helpers.js';
import { hasTriple, parseRdf } from './parse-rdf.js';

let running: RunningServer;
beforeAll(async () => {
  running = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: DATA }, {}), () => {});
});
afterAll(() => running.close());

const TYPES = ['text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml'];

describe('Linked Data on the real data', () => {
  it('serves every entry in every syntax at its path', async () => {
    const graph = running.graphRef.current();
    const entities = graph.sources.flatMap((s) => (s.entity ? [s.entity] : []));
    expect(entities.length).toBeGreaterThan(50);
    for (const iri of entities) {
      const at = iriToPath(iri, graph.baseIri)!;
      for (const type of TYPES) {
        const response = await fetch(`${running.url}${at}`, { headers: { accept: type } });
        expect(response.status, `${at} ${type}`).toBe(200);
        const triples = await parseRdf(await response.text(), type, iri);
        expect(hasTriple(triples, iri, RDF_TYPE), `${at} ${type}`).toBe(true);
      }
    }
  });

  it.each(['ttl', 'nt', 'jsonld', 'nq'])('writes the whole graph to /data/dump.%s', async (ext) => {
    const response = await fetch(`${running.url}/data/dump.${ext}`);
    expect(response.status).toBe(200);
    const graph = running.graphRef.current();
    const parsed = await parseRdf(await response.text(), response.headers.get('content-type')!, graph.baseIri);
    // N-Quads keeps each file's graph; the others write the union, where a triple stated twice is one.
    expect(parsed.length).toBe((ext === 'nq' ? graph.store : graph.union).size);
  });
});
