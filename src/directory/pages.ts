// **pages** renders the directory's HTML pages from its view models, without HTTP: the routes call it,
// and so does the benchmark. Each render is a few map lookups and one template.
import type { Graph } from '../graph/load-graph.js';
import type { Lang, Views } from '../render/views.js';
import { iriToPath } from '../rdf/iri-paths.js';
import { homeJsonLd, pageJsonLd } from './json-ld.js';
import { buildDirectory, buildDirectoryInSlices, type Directory, type DirectoryOptions } from './directory.js';
import { FACETS, MAX_QUERY, PAGE_SIZE, parseSearchQuery, perFacet, type ActorFacetName, type FacetName, type SearchIndex, type SearchQuery, type WorkFacetName } from './search.js';
import { highlight, snippet } from './search-engine.js';

export interface Pages {
  readonly directory: Directory;
  /** The home page; with words `q`, it also shows the best hits of each kind of entry. */
  renderHome(lang: Lang, q?: string | URLSearchParams | SearchQuery<never>): string;
  /** The page of a directory IRI, or undefined when the graph does not describe it. */
  renderEntity(iri: string, lang: Lang): string | undefined;
  /** The commons list: a query (or its URL parameters) with text, facets and page. */
  renderSearch(query: SearchQuery | URLSearchParams | string, lang: Lang): string;
  /** The organisations list, the same way, with their type, territory and skill facets. */
  renderActors(query: SearchQuery<ActorFacetName> | URLSearchParams | string, lang: Lang): string;
  /** The services and projects lists, with their theme and territory facets. */
  renderServices(query: SearchQuery<WorkFacetName> | URLSearchParams | string, lang: Lang): string;
  renderProjects(query: SearchQuery<WorkFacetName> | URLSearchParams | string, lang: Lang): string;
  renderStatistics(lang: Lang): string;
  /** The ecosystem map for URL parameters (kind, theme, territory, focus, depth); 400 with what is wrong for unknown values. */
  renderEcosystem(params: URLSearchParams | string, lang: Lang): { status: number; html: string };
  renderSkills(lang: Lang): string;
  renderTerritories(lang: Lang): string;
  renderCooperative(lang: Lang): string;
}

export interface PagesOptions {
  /**
   * For the static copy: list pages load /assets/search.js, which searches the prebuilt index shards named by
   * the form's data-search-index (src/directory/search-static.ts). The live site sends no script.
   */
  staticSearch?: boolean;
}

/** A searchable list page: its name (in the static index's file names), path, index, and the locale keys of its texts and facet legends. */
interface ListPage<F extends string> {
  name: 'commons' | 'actors' | 'services' | 'projects';
  path: string;
  index: SearchIndex<F>;
  keys: { title: string; search: string; none: string };
  legends: Record<F, string>;
}

/** The URL of a list (by default the commons list) for a query, with the page language kept when it is not the default. */
export function searchHref<F extends string>(query: SearchQuery<F>, lang: Lang, page = query.page, listPath = '/commons'): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const [facet, values] of Object.entries<string[]>(query.filters)) for (const value of values) params.append(facet, value);
  if (page > 1) params.set('page', String(page));
  if (lang !== 'fr') params.set('lang', lang);
  const search = params.toString();
  return search ? `${listPath}?${search}` : listPath;
}

/** The ecosystem's own URL without the language, for the other-language link. */
function ecosystemPath(params: URLSearchParams | string): string {
  const copy = new URLSearchParams(params);
  copy.delete('lang');
  const search = copy.toString();
  return search ? `/ecosystem?${search}` : '/ecosystem';
}

export function createPagesFromDirectory(directory: Directory, views: Views, options: PagesOptions = {}): Pages {
  const commonsList: ListPage<FacetName> = {
    name: 'commons',
    path: '/commons',
    index: directory.search,
    keys: { title: 'list.title', search: 'search.label', none: 'list.none' },
    legends: perFacet(FACETS, (f) => `facet.${f}`),
  };
  const actorsList: ListPage<ActorFacetName> = {
    name: 'actors',
    path: '/actors',
    index: directory.actorSearch,
    keys: { title: 'actors.title', search: 'actors.search', none: 'actors.none' },
    legends: { type: 'field.actorType', territory: 'facet.territory', skill: 'field.skills' },
  };
  const workList = (name: 'services' | 'projects', index: SearchIndex<WorkFacetName>): ListPage<WorkFacetName> => ({
    name,
    path: `/${name}`,
    index,
    keys: { title: `${name}.title`, search: `${name}.search`, none: `${name}.none` },
    legends: { theme: 'facet.theme', territory: 'facet.territory' },
  });
  const servicesList = workList('services', directory.serviceSearch);
  const projectsList = workList('projects', directory.projectSearch);

  /** The result cards of a page of hits, with the matched words marked in the name and the description. */
  function cards<F extends string>(result: ReturnType<SearchIndex<F>['search']>, lang: Lang) {
    return result.hits.map((d, i) => {
      const card = directory.card(d.iri, lang);
      const terms = result.matched[i];
      return { ...card, name: highlight(card.link.label.text, terms), snippet: card.description && snippet(highlight(card.description.text, terms)) };
    });
  }

  function renderList<F extends string>(list: ListPage<F>, input: SearchQuery<F> | URLSearchParams | string, lang: Lang): string {
    const query = typeof input === 'string' || input instanceof URLSearchParams ? parseSearchQuery(new URLSearchParams(input), list.index.facets) : input;
    const result = list.index.search(query);
    const facets = list.index.facets.map((facet) => {
      const chosen = new Set(query.filters[facet]);
      const options = [...result.counts[facet]]
        .map(([value, count]) => ({ value, count, checked: chosen.has(value), label: directory.facetLabel(facet, value, lang) }))
        .concat(query.filters[facet].filter((v) => !result.counts[facet].has(v)).map((value) => ({ value, count: 0, checked: true, label: directory.facetLabel(facet, value, lang) })))
        .sort((a, b) => b.count - a.count || a.label.text.localeCompare(b.label.text, lang));
      return { facet, legendKey: list.legends[facet], options: options.map((o, i) => ({ ...o, id: `f-${facet}-${i}` })) };
    });
    const withoutLang = searchHref(query, 'fr', result.page, list.path);
    const first = (result.page - 1) * PAGE_SIZE;
    const jsonLd = pageJsonLd({
      '@type': 'CollectionPage',
      name: views.strings(lang)[list.keys.title],
      inLanguage: lang,
      mainEntity: {
        '@type': 'ItemList',
        numberOfItems: result.total,
        itemListElement: result.hits.map((d, i) => ({ '@type': 'ListItem', position: first + i + 1, item: { '@id': d.iri, name: directory.card(d.iri, lang).link.label.text } })),
      },
    });
    return views.render('list', {
      lang,
      path: withoutLang,
      title: views.strings(lang)[list.keys.title],
      jsonLd,
      listPath: list.path,
      keys: list.keys,
      q: query.q,
      maxQuery: MAX_QUERY,
      truncated: result.truncated,
      searchIndex: options.staticSearch ? `/search/${list.name}.${lang}.json` : undefined,
      result: { total: result.total, page: result.page, pages: result.pages },
      items: cards(result, lang),
      facets: facets.filter((f) => f.options.length),
      filtered: query.q !== '' || list.index.facets.some((f) => query.filters[f].length),
      previous: result.page > 1 ? searchHref(query, lang, result.page - 1, list.path) : undefined,
      next: result.page < result.pages ? searchHref(query, lang, result.page + 1, list.path) : undefined,
    });
  }

  /** The home page's search: the best three of each kind, each list with a link to all of its hits. */
  function homeHits(typed: string, lang: Lang, tooLong: boolean) {
    const lists: Array<ListPage<string>> = [commonsList, actorsList, servicesList, projectsList] as Array<ListPage<string>>;
    let truncated = tooLong;
    const kinds = lists.map((list) => {
      const query = parseSearchQuery(new URLSearchParams({ q: typed }), list.index.facets);
      const result = list.index.search(query);
      truncated ||= result.truncated;
      return { titleKey: list.keys.title, total: result.total, items: cards(result, lang).slice(0, 3), all: searchHref(query, lang, 1, list.path) };
    });
    return { kinds, truncated, total: kinds.reduce((n, k) => n + k.total, 0) };
  }

  return {
    directory,
    renderHome(lang, input = '') {
      const { q, tooLong } = typeof input === 'string' || input instanceof URLSearchParams ? parseSearchQuery(new URLSearchParams(typeof input === 'string' ? { q: input } : input), []) : input;
      const found = q.trim() ? homeHits(q, lang, Boolean(tooLong)) : undefined;
      const path = q ? `/?${new URLSearchParams({ q })}` : '/';
      return views.render('home', {
        lang, path, q, found, maxQuery: MAX_QUERY, home: directory.home(lang), summary: directory.home(lang).summary, jsonLd: homeJsonLd(directory.baseIri, views.strings(lang), lang),
      });
    },
    renderEntity(iri, lang) {
      const entity = directory.entity(iri, lang);
      if (!entity) return undefined;
      return views.render('entity', { lang, path: iriToPath(iri, directory.baseIri) ?? '/', title: entity.title, entity, kindKey: `kind.${entity.kind}` });
    },
    renderSearch: (query, lang) => renderList(commonsList, query, lang),
    renderActors: (query, lang) => renderList(actorsList, query, lang),
    renderServices: (query, lang) => renderList(servicesList, query, lang),
    renderProjects: (query, lang) => renderList(projectsList, query, lang),
    renderStatistics: (lang) => views.render('statistics', { lang, path: '/statistics', title: views.strings(lang)['stats.title'], stats: directory.statistics(lang) }),
    renderEcosystem(params, lang) {
      const { query, errors } = directory.ecosystem.parse(new URLSearchParams(params));
      const eco = directory.ecosystem.view(query, lang);
      return { status: errors.length ? 400 : 200, html: views.render('ecosystem', { lang, path: ecosystemPath(params), title: views.strings(lang)['eco.title'], eco, errors }) };
    },
    renderSkills: (lang) => views.render('skills', { lang, path: '/skills', title: views.strings(lang)['skills.title'], rosace: directory.skills.rosace(lang), scheme: directory.entity(`${directory.baseIri}id/skills`, lang) }),
    renderTerritories: (lang) => views.render('territories', { lang, path: '/territories', title: views.strings(lang)['territories.title'], overview: directory.territories.overview(lang) }),
    renderCooperative: (lang) => views.render('cooperative', { lang, path: '/cooperative', title: views.strings(lang)['coop.title'], coop: directory.cooperative(lang) }),
  };
}

/**
 * Builds the views of `graph` and returns its page renderers. For the server (rebuilt on each reload) and
 * for the benchmark: `createPages(graph, views).renderEntity(iri, 'fr')`, `.renderSearch('q=data&theme=open-data', 'en')`.
 */
export function createPages(graph: Graph, views: Views, options: DirectoryOptions & PagesOptions = {}): Pages {
  return createPagesFromDirectory(buildDirectory(graph, { strings: views.strings, ...options }), views, options);
}

/** createPages for a reload: the views are built a slice at a time, while the old ones keep being served. */
export async function createPagesInSlices(graph: Graph, views: Views, options: DirectoryOptions & PagesOptions = {}): Promise<Pages> {
  return createPagesFromDirectory(await buildDirectoryInSlices(graph, { strings: views.strings, ...options }), views, options);
}
