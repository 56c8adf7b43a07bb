// **directory** builds, once per loaded graph, every view model the pages print: entity pages in both
// languages, the search index with its facets, the home page lists, statistics and the ecosystem graph.
// Requests then only look things up.
import { statSync } from 'node:fs';
import type { Graph } from '../graph/load-graph.js';
import { LANGS, type Lang } from '../render/views.js';
import { buildSummary, type Summary } from './summary.js';
import { createGraphReader, type GraphReader } from './graph-reader.js';
import { createLabeler, P, pickText, type Link, type Text } from './labels.js';
import { createEntityBuilder, relatedCommons, type EntityOptions, type EntityView, type EntityBuilder } from './entities.js';
import { commonsJsonLd } from './json-ld.js';
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
  const views = new Map<string, Record<Lang, EntityView>>();
  for (const kind of ['commons', 'actor', 'service', 'project', 'concept', 'scheme'] as const) {
    for (const iri of reader.all(kind)) {
      const view = perLang((lang) => entities.build(iri, lang)!);
      if (kind === 'commons') for (const lang of LANGS) view[lang].jsonLd = commonsJsonLd(reader, labels, iri, lang);
      views.set(iri, view);
    }
  }
  const card = (iri: string, lang: Lang): ListCard => ({
    link: entities.link(iri, lang),
    description: pickText(reader.literals(iri, P.description), lang),
    types: reader.iris(iri, P.classification).map((t) => labels.label(t, lang)),
  });
  const cards = new Map([...reader.all('commons'), ...reader.all('actor'), ...reader.all('service'), ...reader.all('project')].map((iri) => [iri, perLang((lang) => card(iri, lang))]));
  const { commons, actors, services, projects, facetIris } = searchDocuments(reader, labels);
  const summary = buildSummary(graph);
  const themeCounts = new Map<string, number>();
  for (const iri of reader.all('commons')) for (const t of reader.iris(iri, P.subject)) themeCounts.set(t, (themeCounts.get(t) ?? 0) + 1);
  const themes = reader.subjects(P.inScheme, `${graph.baseIri}id/themes`);
  const home = perLang((lang): HomeView => ({
    summary,
    themes: themes.map((t) => ({ link: entities.link(t, lang), count: themeCounts.get(t) ?? 0 })).sort((a, b) => a.link.label.text.localeCompare(b.link.label.text, lang)),
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
    entity: (iri, lang) => views.get(iri)?.[lang],
    card: (iri, lang) => cards.get(iri)?.[lang] ?? { link: entities.link(iri, lang), types: [] },
    facetLabel(facet, value, lang) {
      const iri = facetIris.get(`${facet} ${value}`);
      return facet === 'licence' || !iri ? { text: value } : labels.label(iri, lang);
    },
    home: (lang) => home[lang],
    statistics: (lang) => statistics[lang],
    ecosystem: (lang) => ecosystem[lang],
  };
}
