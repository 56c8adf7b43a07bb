import { describe, expect, it } from 'vitest';
import { negotiate, qualityOf, parseAccept } from '../../src/rdf/negotiate.js';

const RDF_OR_HTML = ['text/html', 'text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml'];

describe('negotiate', () => {
  it('gives a browser HTML', () => {
    expect(negotiate('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', RDF_OR_HTML)).toBe('text/html');
  });

  it('never answers HTML to an RDF client that listed an RDF type', () => {
    // rapper, rdflib and curl-style headers
    expect(negotiate('application/rdf+xml, text/turtle;q=0.9, */*;q=0.1', RDF_OR_HTML)).toBe('application/rdf+xml');
    expect(negotiate('text/turtle;q=1.0,application/rdf+xml;q=0.9,application/n-triples;q=0.8,text/html;q=0.5,*/*;q=0.1', RDF_OR_HTML)).toBe('text/turtle');
    expect(negotiate('application/ld+json', RDF_OR_HTML)).toBe('application/ld+json');
    expect(negotiate('text/*, application/ld+json', RDF_OR_HTML)).toBe('application/ld+json');
  });

  it('honours q-values and the most specific matching range', () => {
    expect(qualityOf('text/turtle', parseAccept('text/*;q=0.3, text/turtle;q=0.8'))).toBe(0.8);
    expect(qualityOf('text/html', parseAccept('text/*;q=0.3, text/turtle;q=0.8'))).toBe(0.3);
    expect(negotiate('text/turtle;q=0.2, text/html;q=0.9', RDF_OR_HTML)).toBe('text/html');
    expect(negotiate('text/turtle;q=0', ['text/turtle'])).toBeUndefined();
  });

  it('takes the server order for */* and for a missing header', () => {
    expect(negotiate('*/*', RDF_OR_HTML)).toBe('text/html');
    expect(negotiate(undefined, ['text/turtle', 'text/html'])).toBe('text/turtle');
  });

  it('returns nothing when no offered type is acceptable', () => {
    expect(negotiate('image/png', RDF_OR_HTML)).toBeUndefined();
  });

  it('ignores malformed ranges rather than failing', () => {
    expect(negotiate('garbage, text/turtle;q=abc, text/html', RDF_OR_HTML)).toBe('text/html');
  });
});
