// **directory** builds, once per loaded graph, every view model the pages print: entity pages in both
// languages, the search index with its facets, the home page lists, statistics and the ecosystem graph.
// Requests then only look things up.
import type { Graph } from '../graph/load-graph.js';
import type { Lang } from '../render/views.js';
import { buildSummary, type Summary } from './summary.js';
import { createGraphReader, type GraphReader } from './graph-reader.js';
import { createLabeler, P, pickText, type Link, type Text } from './labels.js';
import { createEntityBuilder, dateView, relatedCommons, type DateView, type EntityOptions, type EntityView, type EntityBuilder } from './entities.js';
import { entityJsonLd } from './json-ld.js';
import { buildChangeLog, type Activity, type ChangeLog } from './changes.js';
import { ACTOR_FACETS, FACETS, searchIndexSteps, WORK_FACETS, type ActorFacetName, type SearchIndex, type WorkFacetName } from './search.js';
import { searchDocumentSteps } from './search-documents.js';
import { runInSlices, runToEnd, type Steps } from './slices.js';
import { buildStatistics, type Statistics } from './statistics.js';
import { buildEcosystem, type Ecosystem } from './ecosystem.js';
import { buildSkills, type Skills } from './rosace.js';
import { buildTerritories, type Territories } from './territories.js';
import { buildCooperative, type CooperativePage } from './cooperative.js';

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
  /** Entries whose files changed last, by the dates of the git history; empty without one. */
  latest: Array<{ link: Link; modified: DateView }>;
}

/** One entry of the Atom feed: a change to an entry, with the entry's current name. */
export interface FeedEntry {
  id: string;
  type: Activity['type'];
  title: string;
  updated: string;
  /** The entry's IRI; removed entries keep it, and it then answers 410 Gone with a link to this change. */
  link: string;
  commit: string;
}

export interface Feed {
  updated?: string;
  entries: FeedEntry[];
}

export interface Directory {
  readonly baseIri: string;
  /** The git history as a change log: the Atom feed, /changes and the tombstones of removed entries. */
  readonly changes: ChangeLog;
  feed(lang: Lang): Feed;
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
  /** The whole ecosystem map: relations read once, views per query. */
  readonly ecosystem: Ecosystem;
  readonly skills: Skills;
  readonly territories: Territories;
  cooperative(lang: Lang): CooperativePage;
}

export type DirectoryOptions = EntityOptions;

/** Changes in the Atom feed: enough to catch up for anyone who reads it weekly. */
const FEED_SIZE = 50;

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

/** Kinds of entry that have a searchable list, and so a result card. */
const LISTED = new Set(['commons', 'actor', 'service', 'project']);
const perLang = <T>(build: (lang: Lang) => T): Record<Lang, T> => ({ fr: build('fr'), en: build('en') });

function latestEntries(graph: Graph, reader: GraphReader, entities: EntityBuilder, lang: Lang, limit = 6): HomeView['latest'] {
  const dated = graph.sources
    .filter((s) => s.root === 'data' && s.entity && reader.kindOf(s.entity))
    .flatMap((s) => {
      const modified = reader.literals(s.entity!, P.modified)[0]?.value;
      return modified ? [{ iri: s.entity!, modified }] : [];
    });
  // ISO 8601 dates in UTC sort as strings.
  dated.sort((a, b) => (a.modified < b.modified ? 1 : a.modified > b.modified ? -1 : a.iri.localeCompare(b.iri)));
  return dated.slice(0, limit).map((d) => ({ link: entities.link(d.iri, lang), modified: dateView(d.modified, lang)! }));
}

export function buildDirectory(graph: Graph, options: DirectoryOptions = {}): Directory {
  return runToEnd(directorySteps(graph, options));
}

/** The same directory, built a slice at a time so that the event loop keeps running: for reloads (see slices.ts). */
export function buildDirectoryInSlices(graph: Graph, options: DirectoryOptions = {}): Promise<Directory> {
  return runInSlices(directorySteps(graph, options));
}

function* directorySteps(graph: Graph, options: DirectoryOptions): Steps<Directory> {
  const reader = createGraphReader(graph);
  yield;
  const labels = createLabeler(graph.union, graph.baseIri);
  const entities = createEntityBuilder(reader, labels, (iri) => graph.sourceMap.fileOf(iri), relatedCommons(reader), options);
  const skills = buildSkills(reader, entities, `${graph.baseIri}id/skills`);
  yield;
  const territories = buildTerritories(reader, entities, `${graph.baseIri}id/territories`);
  yield;
  const territorySet = new Set(territories.order);
  // An entity's view is a few index lookups, built when its page is first asked for and kept in a bounded
  // cache: building all of them at load made start-up and memory grow with every entry times both languages.
  const views = new BoundedCache<EntityView | undefined>(ENTITY_CACHE);
  const entity = (iri: string, lang: Lang): EntityView | undefined => {
    if (!reader.kindOf(iri)) return undefined;
    const key = `${lang} ${iri}`;
    if (views.has(key)) return views.get(key);
    const view = entities.build(iri, lang);
    if (view) {
      view.jsonLd = entityJsonLd(reader, labels, iri, view.kind, lang);
      if (view.kind === 'actor') view.rosace = skills.forOrganisation(iri, lang);
      if (view.kind === 'concept' && territorySet.has(iri)) view.territory = territories.section(iri, lang);
    }
    views.set(key, view);
    return view;
  };
  const card = (iri: string, lang: Lang): ListCard => ({
    link: entities.link(iri, lang),
    description: pickText(reader.literals(iri, P.description), lang),
    types: reader.iris(iri, P.classification).map((t) => labels.label(t, lang)),
  });
  const { commons, actors, services, projects, facetIris } = yield* searchDocumentSteps(reader, labels);
  const search = yield* searchIndexSteps(commons, FACETS);
  const actorSearch = yield* searchIndexSteps(actors, ACTOR_FACETS);
  const serviceSearch = yield* searchIndexSteps(services, WORK_FACETS);
  const projectSearch = yield* searchIndexSteps(projects, WORK_FACETS);
  const summary = buildSummary(graph);
  const themes = reader.subjects(P.inScheme, `${graph.baseIri}id/themes`);
  // A theme's count is what its own page lists (commons, services, projects, organisations), so the two agree.
  const themeCount = (t: string) => (entity(t, 'fr')?.sections ?? []).filter((s) => s.key.startsWith('rel.usedIn')).reduce((n, s) => n + s.items.length, 0);
  const home = perLang((lang): HomeView => ({
    summary,
    themes: themes.map((t) => ({ link: entities.link(t, lang), count: themeCount(t) })).sort((a, b) => a.link.label.text.localeCompare(b.link.label.text, lang)),
    latest: latestEntries(graph, reader, entities, lang),
  }));
  yield;
  const changes = buildChangeLog(graph, (iri) => graph.union.countQuads(iri, null, null, null) > 0);
  const recent = changes.recent(FEED_SIZE);
  const feeds = perLang((lang): Feed => ({
    updated: recent[0]?.published,
    entries: recent.map((a) => ({
      id: a.id,
      type: a.type,
      // A removed entry has no name left in the graph: its slug stands for it.
      title: reader.kindOf(a.object) ? labels.label(a.object, lang).text : a.object.slice(a.object.lastIndexOf('/') + 1),
      updated: a.published,
      link: a.object,
      commit: a.commit,
    })),
  }));
  yield;
  const statistics = perLang((lang) => buildStatistics(reader, entities, lang));
  yield;
  const ecosystem = buildEcosystem({ reader, entities, themes: themes.slice().sort(), territories: territories.order, below: territories.below });
  yield;
  const cooperative = perLang((lang) => buildCooperative(reader, entities, lang));

  return {
    baseIri: graph.baseIri,
    changes,
    feed: (lang) => feeds[lang],
    reader,
    search,
    actorSearch,
    serviceSearch,
    projectSearch,
    entity,
    card: (iri, lang) => (LISTED.has(reader.kindOf(iri) ?? '') ? card(iri, lang) : { link: entities.link(iri, lang), types: [] }),
    facetLabel(facet, value, lang) {
      const iri = facetIris.get(`${facet} ${value}`);
      return facet === 'licence' || !iri ? { text: value } : labels.label(iri, lang);
    },
    home: (lang) => home[lang],
    statistics: (lang) => statistics[lang],
    ecosystem,
    skills,
    territories,
    cooperative: (lang) => cooperative[lang],
  };
}
