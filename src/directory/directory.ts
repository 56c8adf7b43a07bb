// **directory** builds, once per loaded graph, every view model the pages print: entity pages in both
// languages, the search index with its facets, the home page lists, statistics and the ecosystem graph.
// Requests then only look things up.
import { statSync } from 'node:fs';
import type { Graph } from '../graph/load-graph.js';
import type { Lang } from '../render/views.js';
import { buildSummary, type Summary } from './summary.js';
import { createGraphReader, type GraphReader } from './graph-reader.js';
import { createLabeler, P, pickText, type Link, type Text } from './labels.js';
import { createEntityBuilder, relatedCommons, type EntityOptions, type EntityView, type EntityBuilder } from './entities.js';
import { entityJsonLd } from './json-ld.js';
import { ACTOR_FACETS, buildSearchIndex, FACETS, WORK_FACETS, type ActorFacetName, type SearchIndex, type WorkFacetName } from './search.js';
import { searchDocuments } from './search-documents.js';
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
  /** The services' and the projects' indexes: theme and territory facets. */
  readonly serviceSearch: SearchIndex<WorkFacetName>;
  readonly projectSearch: SearchIndex<WorkFacetName>;
  entity(iri: string, lang: Lang): EntityView | undefined;
  /** The card of an entry (commons, organisation, service, project) in a result list. */
  card(iri: string, lang: Lang): ListCard;
  /** The label of a facet value (a concept slug, or an SPDX id for licences), in either list. */
  facetLabel(facet: string, value: string, lang: Lang): Text;
  home(lang: Lang): HomeView;
  statistics(lang: Lang): Statistics;
  ecosystem(lang: Lang): Ecosystem;
}

export type DirectoryOptions = EntityOptions;

/** The kinds that lists show as cards. */
const CARD_KINDS: ReadonlySet<string> = new Set(['commons', 'actor', 'service', 'project']);

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

const perLang = <T>(build: (lang: Lang) => T): Record<Lang, T> => ({ fr: build('fr'), en: build('en') });

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
  const { commons, actors, services, projects, facetIris } = searchDocuments(reader, labels);
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
    serviceSearch: buildSearchIndex(services, WORK_FACETS),
    projectSearch: buildSearchIndex(projects, WORK_FACETS),
    entity,
    card: (iri, lang) => (CARD_KINDS.has(reader.kindOf(iri) ?? '') ? card(iri, lang) : { link: entities.link(iri, lang), types: [] }),
    facetLabel(facet, value, lang) {
      const iri = facetIris.get(`${facet} ${value}`);
      return facet === 'licence' || !iri ? { text: value } : labels.label(iri, lang);
    },
    home: (lang) => home[lang],
    statistics: (lang) => statistics[lang],
    ecosystem: (lang) => ecosystem[lang],
  };
}
