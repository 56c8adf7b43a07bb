// The view models pages print, built from real fixtures: labels with language fallback, relations from
// both sides, memberships, the project portfolio, the source file and the embedded JSON-LD.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGraph } from '../../src/graph/load-graph.js';
import { buildDirectory } from '../../src/directory/directory.js';
import { createLabeler } from '../../src/directory/labels.js';
import { scriptSafeJson } from '../../src/directory/json-ld.js';
import type { EntityView } from '../../src/directory/entities.js';
import { BASE, DATA, FIXTURES, ONTOLOGY, ROOT, VALID, mergeDatasets } from '../helpers.js';

const id = (p: string) => `${BASE}id/${p}`;
const load = (dataDir: string) => loadGraph({ ontologyDir: ONTOLOGY, dataDir, baseIri: BASE, strict: true, cwd: ROOT });

const mixed = await mergeDatasets(path.join(FIXTURES, 'project'), path.join(FIXTURES, 'membership'));
afterAll(() => mixed.cleanup());

const validGraph = await load(VALID);
const valid = buildDirectory(validGraph, { editBaseUrl: 'https://example.org/edit/main/' });
const fixtures = buildDirectory(await load(mixed.dir));

const section = (view: EntityView | undefined, key: string) => view?.sections.find((s) => s.key === key)?.items.map((i) => i.label.text);
const fact = (view: EntityView | undefined, key: string) => view?.facts.find((f) => f.key === key)?.values.map((v) => v.label.text);

describe('labels', () => {
  const labels = createLabeler(validGraph.union, BASE);

  it('takes the label in the page language, then French, then any', () => {
    expect(labels.label(id('themes/civic-participation'), 'fr')).toEqual({ text: 'Participation citoyenne' });
    expect(labels.label(id('themes/civic-participation'), 'en')).toEqual({ text: 'Civic participation' });
    expect(labels.label(id('commons/decidim'), 'en')).toEqual({ text: 'Decidim' });
  });

  it('shows an IRI only as the last resort, shortened', () => {
    expect(labels.label(id('commons/unknown-thing'), 'fr').text).toBe('commons:unknown-thing');
    expect(labels.label('https://example.org/some/where', 'fr').text).toBe('where');
  });
});

describe('entity views', () => {
  it('give a commons its carriers, contributors, funders, licence, themes and related commons', () => {
    const decidim = valid.entity(id('commons/decidim'), 'fr');
    expect(section(decidim, 'rel.maintainers')).toEqual(['Decidim Free Software Association']);
    expect(section(decidim, 'rel.contributors')).toEqual(['Open Source Politics']);
    expect(section(decidim, 'rel.funders')).toEqual(['Ajuntament de Barcelona']);
    expect(section(decidim, 'rel.related')).toEqual(['SemApps']);
    expect(fact(decidim, 'field.licence')).toEqual(['AGPL-3.0-only']);
    expect(fact(decidim, 'field.themes')).toEqual(['Logiciel libre', 'Participation citoyenne']);
    expect(decidim?.facts.find((f) => f.key === 'field.themes')?.values[0].href).toBe('/id/themes/free-software');
  });

  it('show the other side of relations on organisation pages, and partnerships both ways', () => {
    expect(section(valid.entity(id('actors/open-source-politics'), 'fr'), 'rel.contributesTo')).toEqual(['Decidim']);
    expect(section(valid.entity(id('actors/decidim-association'), 'fr'), 'rel.carries')).toEqual(['Decidim']);
    expect(section(valid.entity(id('actors/decidim-association'), 'fr'), 'rel.partners')).toEqual(['Ajuntament de Barcelona']);
    expect(section(valid.entity(id('actors/ajuntament-de-barcelona'), 'fr'), 'rel.partners')).toEqual(['Decidim Free Software Association']);
    expect(fact(valid.entity(id('actors/decidim-association'), 'en'), 'field.actorType')).toEqual(['Non-profit association']);
  });

  it('show memberships with roles and college, from the member and from the organisation', () => {
    const [membership] = fixtures.entity(id('actors/exemple-membre'), 'fr')!.memberships;
    expect(membership.organisation.label.text).toBe('Exemple SCIC');
    expect(membership.roles).toHaveLength(2);
    expect(membership.college?.href).toBe('/id/colleges/supporters');
    expect(membership.since).toBe('2025-01-15');
    expect(fixtures.entity(id('actors/exemple-scic'), 'fr')!.members.map((m) => m.member.label.text)).toEqual(['Exemple membre']);
  });

  it('fill the project portfolio: for whom, with whom, texts, dates, commons built on and produced', () => {
    const project = fixtures.entity(id('projects/exemple-projet'), 'en')!;
    expect(fact(project, 'field.commissionedBy')).toEqual(['Exemple commanditaire (fictif)']);
    expect(fact(project, 'field.partners')).toHaveLength(2);
    expect(fact(project, 'field.start')).toEqual(['2024-03']);
    expect(project.texts.map((t) => t.key)).toEqual(['text.context', 'text.method', 'text.cooperativeRole', 'text.currentState']);
    // Only French is written for where it stands: the English page shows it, marked as French.
    expect(project.texts[3].text).toEqual({ text: 'État fictif : terminé, repris par le partenaire.', lang: 'fr' });
    expect(section(project, 'rel.buildsOn')).toEqual(['Exemple socle (fictif)']);
    expect(section(project, 'rel.produced')).toEqual(['Exemple commun (fictif)']);
    expect(section(fixtures.entity(id('commons/exemple-commun'), 'fr'), 'rel.producedBy')).toEqual(['Exemple de projet (fictif)']);
    expect(section(fixtures.entity(id('actors/exemple-commanditaire'), 'fr'), 'rel.commissioned')).toEqual(['Exemple de projet (fictif)']);
  });

  it('list on a concept page what uses it', () => {
    expect(section(valid.entity(id('themes/free-software'), 'fr'), 'rel.usedInCommons')).toEqual(['Decidim', 'SemApps']);
    expect(section(valid.entity(id('actor-types/association'), 'fr'), 'rel.usedInActors')).toHaveLength(2);
  });

  it('name the source file, with an edit link only when configured', () => {
    expect(valid.entity(id('commons/decidim'), 'fr')!.source).toEqual({ file: 'valid/commons/decidim.ttl', editUrl: 'https://example.org/edit/main/valid/commons/decidim.ttl' });
    expect(fixtures.entity(id('commons/exemple-commun'), 'fr')!.source?.editUrl).toBeUndefined();
  });

  it('hold plain values only, never RDF terms', () => {
    const json = JSON.stringify(valid.entity(id('commons/decidim'), 'fr'));
    expect(json).not.toContain('termType');
  });

  it('is undefined for what the graph does not describe', () => {
    expect(valid.entity(id('commons/nothing'), 'fr')).toBeUndefined();
  });
});

describe('JSON-LD', () => {
  it('describes a commons with schema.org', () => {
    const document = JSON.parse(valid.entity(id('commons/decidim'), 'fr')!.jsonLd!);
    expect(document).toMatchObject({ '@context': 'https://schema.org', '@type': ['SoftwareApplication'], '@id': id('commons/decidim'), name: 'Decidim' });
    expect(document.maintainer[0]).toMatchObject({ '@type': 'Organization', name: 'Decidim Free Software Association' });
  });

  it('cannot close its script element', () => {
    const json = scriptSafeJson({ name: '</script><script>alert(1)</script> & \u2028' });
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json).name).toBe('</script><script>alert(1)</script> & \u2028');
  });
});

describe('statistics', () => {
  it('counts the cooperative goal of three actors of each kind on the real data', async () => {
    const graph = await load(DATA);
    const rows = buildDirectory(graph).statistics('fr').goal.rows;
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    // Counted from the store: organisations whose type is among the family's members (data/actors/usages-communs.ttl).
    const typeCount = (...types: string[]) =>
      graph.union.getQuads(null, 'http://www.w3.org/ns/org#classification', null, null).filter((q) => types.includes(q.object.value.split('/').pop()!)).length;
    expect(byKey['goal-associative']).toMatchObject({ count: typeCount('association'), goal: 3, met: typeCount('association') >= 3 });
    expect(byKey['goal-semi-public']).toMatchObject({ count: typeCount('semi-public-body'), goal: 3 });
    expect(byKey['goal-private'].count).toBe(typeCount('private-company', 'cooperative', 'scop', 'scic'));
    expect(byKey['goal-private'].count).toBeGreaterThanOrEqual(10);
  });

});
