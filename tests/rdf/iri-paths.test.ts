import { describe, expect, it } from 'vitest';
import { hrefFor, iriToPath, isLocalIri, pathToIri } from '../../src/rdf/iri-paths.js';

const BASE = 'https://w3id.org/usages-communs/';

describe('iri-paths', () => {
  it('serves local IRIs at their path under the base, fragments included', () => {
    expect(iriToPath(`${BASE}id/commons/decidim`, BASE)).toBe('/id/commons/decidim');
    expect(iriToPath(`${BASE}ns#DigitalCommons`, BASE)).toBe('/ns#DigitalCommons');
    expect(pathToIri('/id/actors/framasoft', BASE)).toBe(`${BASE}id/actors/framasoft`);
  });

  it('leaves outside IRIs alone', () => {
    expect(isLocalIri('https://decidim.org/', BASE)).toBe(false);
    expect(isLocalIri(BASE, BASE)).toBe(false);
    expect(hrefFor('http://www.wikidata.org/entity/Q142', BASE)).toBe('http://www.wikidata.org/entity/Q142');
  });

  it('works with another base', () => {
    expect(hrefFor('https://example.org/dir/id/commons/x', 'https://example.org/dir/')).toBe('/id/commons/x');
  });
});
