// **directory** builds, once per loaded graph, every view model the pages print: entity pages in both
// languages, the search index with its facets, the home page lists, statistics and the ecosystem graph.
// Requests then only look things up.
import { statSync } from 'node:fs';
import type { Graph } from '../graph/load-graph.js';
import { LANGS, type Lang } from '../render/views.js';
import { buildSummary, type Summary } from './summary.js';
import { createGraphReader, type GraphReader } from './graph-reader.js';
import { createLabeler, P, pickText, type Labeler, type Link, type Text } from './labels.js';
import { createEntityBuilder, relatedCommons, type EntityOptions, type EntityView, type EntityBuilder } from './entities.js';
import { entityJsonLd } from './json-ld.js';
import { ACTOR_FACETS, buildSearchIndex, fold, FACETS, type ActorFacetName, type FacetName, type SearchDocument, type SearchIndex } from './search.js';
import { buildStatistics, type Statistics } from './statistics.js';
import { buildEcosystem, type Ecosystem } from './ecosystem.js';

/** One result of a list: the entry, its description and, for organisations, their types. */
export interface ListCard {
  link: Link;
  description?: Text;
  types: Text[];
}

export interface CountedLink {
  link: Link;
  count: number;
}

export interface HomeView {
  summary: Summary;
  themes: CountedLink[];
  /** Entries whose files changed last (file modification time; no date is shown, since a checkout resets it). */
  latest: Link[];
}

export interface Directory {
  readonly baseIri: string;
  readonly reader: GraphReader;
  readonly search: SearchIndex;
  /** The organisations' index: type, territory and skill facets. */
  readonly actorSearch: SearchIndex<ActorFacetName>;
  entity(iri: string, lang: Lang): EntityView | undefined;
  /** The card of a commons or an organisation in a result list. */
  card(iri: string, lang: Lang): ListCard;
  /** The label of a facet value (a concept slug, or an SPDX id for licences), in either list. */
  facetLabel(facet: string, value: string, lang: Lang): Text;
  home(lang: Lang): HomeView;
  statistics(lang: Lang): Statistics;
  ecosystem(lang: Lang): Ecosystem;
}

export type DirectoryOptions = EntityOptions;

/** Entity views kept at once (both languages count): enough for every page of a directory of a few thousand entries. */
const ENTITY_CACHE = 20_000;

/** A map that forgets its oldest entries past `limit`: reads are the hot path, so it does not reorder on read. */
class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  has(key: string): boolean {
    return this.map.has(key);
  }
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
  }
}

const slug = (iri: string) => iri.slice(iri.lastIndexOf('/') + 1);
const perLang = <T>(build: (lang: Lang) => T): Record<Lang, T> => ({ fr: build('fr'), en: build('en') });

interface ListDocuments {
  commons: SearchDocument[];
  actors: Array<SearchDocument<ActorFacetName>>;
  /** `${facet} ${value}` → the IRI of the facet value, for its label. */
  facetIris: Map<string, string>;
}

function searchDocuments(reader: GraphReader, labels: Labeler): ListDocuments {
  const facetIris = new Map<string, string>();
  const keyed = (facet: FacetName, iris: string[]) =>
    [...new Set(iris)].map((iri) => {
      const key = slug(iri);
      facetIris.set(`${facet} ${key}`, iri);
      return key;
    });
  /** `themes` are concepts whose labels rank between names and descriptions. */
  const document = <F extends string>(iri: string, themes: string[], facets: Record<F, string[]>): SearchDocument<F> => ({
    iri,
    names: [...LANGS.map((l) => labels.label(iri, l).text), ...reader.literals(iri, P.alternateName).map((t) => t.value)],
    themes: themes.flatMap((t) => LANGS.map((l) => labels.label(t, l).text)),
    descriptions: reader.literals(iri, P.description).map((t) => t.value),
    sortKey: fold(labels.label(iri, 'fr').text),
    facets,
  });
  const commons = reader.all('commons').map((iri) => {
    const carriers = reader.iris(iri, P.maintainer);
    return document<FacetName>(iri, reader.iris(iri, P.subject), {
      theme: keyed('theme', reader.iris(iri, P.subject)),
      licence: keyed('licence', reader.iris(iri, P.license)),
      type: keyed('type', carriers.flatMap((c) => reader.iris(c, P.classification))),
      territory: keyed('territory', [...reader.iris(iri, P.areaServed), ...carriers.flatMap((c) => reader.iris(c, P.areaServed))]),
      skill: keyed('skill', carriers.flatMap((c) => reader.iris(c, P.knowsAbout))),
    });
  });
  const actors = reader.all('actor').map((iri) =>
    document<ActorFacetName>(iri, [...reader.iris(iri, P.classification), ...reader.iris(iri, P.knowsAbout)], {
      type: keyed('type', reader.iris(iri, P.classification)),
      territory: keyed('territory', reader.iris(iri, P.areaServed)),
      skill: keyed('skill', reader.iris(iri, P.knowsAbout)),
    }));
  return { commons, actors, facetIris };
}

function latestEntries(graph: Graph, reader: GraphReader, entities: EntityBuilder, lang: Lang, limit = 6): Link[] {
  const dated = graph.sources
    .filter((s) => s.root === 'data' && s.entity && reader.kindOf(s.entity))
    .map((s) => ({ iri: s.entity!, mtime: statSync(s.absolute, { throwIfNoEntry: false })?.mtimeMs ?? 0 }));
  dated.sort((a, b) => b.mtime - a.mtime || a.iri.localeCompare(b.iri));
  return dated.slice(0, limit).map((d) => entities.link(d.iri, lang));
}

export function buildDirectory(graph: Graph, options: DirectoryOptions = {}): Directory {
  const reader = createGraphReader(graph);
  const labels = createLabeler(graph.union, graph.baseIri);
  const entities = createEntityBuilder(reader, labels, (iri) => graph.sourceMap.fileOf(iri), relatedCommons(reader), options);
  // An entity's view is a few index lookups, built when its page is first asked for and kept in a bounded
  // cache: building all of them at load made start-up and memory grow with every entry times both languages.
  const views = new BoundedCache<EntityView | undefined>(ENTITY_CACHE);
  const entity = (iri: string, lang: Lang): EntityView | undefined => {
    if (!reader.kindOf(iri)) return undefined;
    const key = `${lang} ${iri}`;
    if (views.has(key)) return views.get(key);
    const view = entities.build(iri, lang);
    if (view) view.jsonLd = entityJsonLd(reader, labels, iri, view.kind, lang);
    views.set(key, view);
    return view;
  };
  const card = (iri: string, lang: Lang): ListCard => ({
    link: entities.link(iri, lang),
    description: pickText(reader.literals(iri, P.description), lang),
    types: reader.iris(iri, P.classification).map((t) => labels.label(t, lang)),
  });
  const { commons, actors, facetIris } = searchDocuments(reader, labels);
  const summary = buildSummary(graph);
  const themes = reader.subjects(P.inScheme, `${graph.baseIri}id/themes`);
  // A theme's count is what its own page lists (commons, services, projects, organisations), so the two agree.
  const themeCount = (t: string) => (entity(t, 'fr')?.sections ?? []).filter((s) => s.key.startsWith('rel.usedIn')).reduce((n, s) => n + s.items.length, 0);
  const home = perLang((lang): HomeView => ({
    summary,
    themes: themes.map((t) => ({ link: entities.link(t, lang), count: themeCount(t) })).sort((a, b) => a.link.label.text.localeCompare(b.link.label.text, lang)),
    latest: latestEntries(graph, reader, entities, lang),
  }));
  const statistics = perLang((lang) => buildStatistics(reader, entities, lang));
  const ecosystem = perLang((lang) => buildEcosystem(reader, entities, lang));

  return {
    baseIri: graph.baseIri,
    reader,
    search: buildSearchIndex(commons, FACETS),
    actorSearch: buildSearchIndex(actors, ACTOR_FACETS),
    entity,
    card: (iri, lang) => (reader.kindOf(iri) === 'commons' || reader.kindOf(iri) === 'actor' ? card(iri, lang) : { link: entities.link(iri, lang), types: [] }),
    facetLabel(facet, value, lang) {
      const iri = facetIris.get(`${facet} ${value}`);
      return facet === 'licence' || !iri ? { text: value } : labels.label(iri, lang);
    },
    home: (lang) => home[lang],
    statistics: (lang) => statistics[lang],
    ecosystem: (lang) => ecosystem[lang],
  };
}
