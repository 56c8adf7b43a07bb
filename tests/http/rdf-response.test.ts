import { describe, expect, it } from 'vitest';
import { chooseRepresentation, contentType, notFoundBody, perGraph } from '../../src/http/rdf-response.js';
import type { Graph } from '../../src/graph/load-graph.js';
import type { GraphRef } from '../../src/graph/graph-ref.js';
import { parseRdf } from './parse-rdf.js';

describe('chooseRepresentation', () => {
  it('gives browsers, curl and clients without Accept HTML', () => {
    expect(chooseRepresentation('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe('text/html');
    expect(chooseRepresentation('*/*')).toBe('text/html');
    expect(chooseRepresentation(undefined)).toBe('text/html');
  });

  it('gives a client that names an RDF type RDF, unless it names HTML with a higher q', () => {
    expect(chooseRepresentation('text/turtle;q=0.5, */*;q=0.8')).toBe('text/turtle');
    expect(chooseRepresentation('text/html;q=0.9, application/rdf+xml;q=0.9')).toBe('application/rdf+xml');
    expect(chooseRepresentation('text/*, application/n-triples;q=0.5')).toBe('application/n-triples');
    expect(chooseRepresentation('text/html, text/turtle;q=0.5')).toBe('text/html');
  });

  it('takes an RDF type through a wildcard when HTML is refused', () => {
    expect(chooseRepresentation('text/html;q=0, */*')).toBe('text/turtle');
    expect(chooseRepresentation('application/*')).toBe('application/ld+json');
  });

  it('finds nothing for types it does not write', () => {
    expect(chooseRepresentation('image/png')).toBeUndefined();
    expect(chooseRepresentation('text/turtle;q=0, text/html;q=0')).toBeUndefined();
  });
});

describe('notFoundBody', () => {
  it.each(['text/turtle', 'application/n-triples', 'application/ld+json', 'application/rdf+xml'])('is an empty graph in %s', async (type) => {
    const body = notFoundBody(type, 'https://example.org/id/x--y');
    expect(body).toContain('https://example.org/id/x');
    expect(await parseRdf(body, type, 'https://example.org/')).toEqual([]);
  });

  it('says charset for text syntaxes only', () => {
    expect(contentType('text/turtle')).toBe('text/turtle; charset=utf-8');
    expect(contentType('application/ld+json')).toBe('application/ld+json');
  });
});

describe('perGraph', () => {
  it('builds once per graph, and for a new graph when it is swapped in', () => {
    const built: Graph[] = [];
    const cached = perGraph((graph) => (built.push(graph), built.length));
    const [a, b] = [{} as Graph, {} as Graph];
    let swap: (graph: Graph) => void = () => {};
    cached.warm({ current: () => a, onSwap: (listener) => void (swap = listener) } as GraphRef);
    expect(cached.get(a)).toBe(1);
    swap(b);
    expect(built).toEqual([a, b]);
    expect(cached.get(b)).toBe(2);
  });
});
