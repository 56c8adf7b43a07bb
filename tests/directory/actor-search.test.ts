// The organisations' search on the real data: the same index as the commons (accents, case, names first,
// combinable facets with counts, paging), with the facets of an organisation: type, territory, skill.
import { describe, expect, it } from 'vitest';
import { loadGraph } from '../../src/graph/load-graph.js';
import { buildDirectory } from '../../src/directory/directory.js';
import { ACTOR_FACETS, parseSearchQuery, PAGE_SIZE } from '../../src/directory/search.js';
import { BASE, DATA, ONTOLOGY, ROOT } from '../helpers.js';

const graph = await loadGraph({ ontologyDir: ONTOLOGY, dataDir: DATA, baseIri: BASE, strict: true, cwd: ROOT });
const directory = buildDirectory(graph);
const find = (params: string) => directory.actorSearch.search(parseSearchQuery(new URLSearchParams(params), ACTOR_FACETS));
const slugs = (params: string) => find(params).hits.map((h) => h.iri.split('/').pop());

describe('organisation search', () => {
  it('lists every organisation, and only organisations, without a query', () => {
    const all = find('');
    expect(all.total).toBe(directory.reader.all('actor').length);
    expect(all.pages).toBe(Math.ceil(all.total / PAGE_SIZE));
    expect(all.hits.every((h) => directory.reader.kindOf(h.iri) === 'actor')).toBe(true);
  });

  it('filters by organisation type: association finds Framasoft', () => {
    const associations = slugs('type=association');
    expect(associations).toContain('framasoft');
    expect(find('type=association').hits.every((h) => h.facets.type.includes('association'))).toBe(true);
  });

  it('folds accents and case: "cooperative", "Coopérative" and "COOPERATIVE" find the same organisations', () => {
    const plain = slugs('q=cooperative');
    expect(plain).toContain('coopaname');
    expect(slugs('q=Coopérative')).toEqual(plain);
    expect(slugs('q=COOPERATIVE')).toEqual(plain);
  });

  it('ranks a name match above description matches', () => {
    expect(slugs('q=framasoft')[0]).toBe('framasoft');
    expect(slugs('q=openstreetmap').slice(0, 2).sort()).toEqual(['openstreetmap-foundation', 'openstreetmap-france']);
  });

  it('combines facets: alternatives within one, all of them across', () => {
    const associations = find('type=association');
    const france = find('type=association&territory=france');
    expect(france.total).toBeGreaterThan(0);
    expect(france.total).toBeLessThanOrEqual(associations.total);
    expect(france.hits.every((h) => h.facets.type.includes('association') && h.facets.territory.includes('france'))).toBe(true);
    const either = find('type=association&type=cooperative');
    expect(either.total).toBeGreaterThan(associations.total);
    const withSkill = find('type=association&skill=software-development');
    expect(withSkill.hits.map((h) => h.iri.split('/').pop())).toContain('framasoft');
    expect(withSkill.hits.every((h) => h.facets.skill.includes('software-development'))).toBe(true);
  });

  it('counts each facet value as if it were added to the other filters', () => {
    const result = find('type=association');
    expect(result.counts.type.get('association')).toBe(result.total);
    expect(result.counts.type.get('cooperative')).toBeGreaterThan(0);
    expect(result.counts.skill.get('software-development')).toBe(find('type=association&skill=software-development').total);
    expect(Object.keys(result.counts).sort()).toEqual([...ACTOR_FACETS].sort());
  });

  it('reads only the organisation facets from the URL', () => {
    expect(parseSearchQuery(new URLSearchParams('theme=open-data&skill=hosting'), ACTOR_FACETS).filters).toEqual({ type: [], territory: [], skill: ['hosting'] });
  });

  it('gives each organisation a card with its type and description', () => {
    const card = directory.card(`${BASE}id/actors/framasoft`, 'en');
    expect(card.link.href).toBe('/id/actors/framasoft');
    expect(card.types.map((t) => t.text)).toEqual([directory.facetLabel('type', 'association', 'en').text]);
    expect(card.description?.text).toMatch(/popular-education association/);
  });
});
