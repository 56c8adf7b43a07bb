// **ecosystem** is the whole map of who works with whom: every relation kind between organisations, commons,
// services and projects. The relations and their indexes are read once per load (one pass per predicate);
// a request only selects from them (filters, ego view) and lays the selection out, deterministically, as
// two columns: organisations on the left, what they work on on the right, same-side relations as arcs.
import type { Lang } from '../render/views.js';
import { P, type Link } from './labels.js';
import type { EntityKind, GraphReader } from './graph-reader.js';
import type { EntityBuilder } from './entities.js';

export const RELATION_KINDS = ['carries', 'contributes', 'funds', 'provides', 'uses', 'partners', 'buildsOn', 'memberOf', 'subOrganizationOf'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

/** A relation, always oriented from the acting side: the organisation, the member, the part, what builds on. */
interface Relation {
  from: string;
  to: string;
  kind: RelationKind;
}

export interface EcosystemQuery {
  kinds: RelationKind[];
  theme?: string;
  territory?: string;
  /** IRI of the entity at the centre of an ego view. */
  focus?: string;
  depth: 1 | 2;
}

export interface EcosystemNode {
  iri: string;
  link: Link;
  /** The label as drawn: whole unless very long (the table gives it in full). */
  short: string;
  /** A textLength that squeezes a long label into its column, so that it is drawn whole rather than cut. */
  squeeze?: number;
  y: number;
  /** The ego view of this node. */
  focusHref: string;
  focused: boolean;
}

export interface EcosystemEdge {
  d: string;
  kind: RelationKind;
}

export interface EcosystemRow {
  from: Link;
  kindKey: string;
  to: Link[];
}

export interface FilterLink {
  label?: Link['label'];
  /** A string of views/locales, printed instead of a label. */
  labelKey?: string;
  href: string;
  current: boolean;
  /** The locale key of a relation kind, for its legend sample. */
  kind?: RelationKind;
}

export interface EcosystemView {
  width: number;
  height: number;
  leftX: number;
  rightX: number;
  organisations: EcosystemNode[];
  works: EcosystemNode[];
  edges: EcosystemEdge[];
  rows: EcosystemRow[];
  /** Entries the selection holds but the drawing leaves out, most connected first (capped), and how many in all. */
  more: Link[];
  moreCount: number;
  /** Relations left out of the drawing beyond MAX_EDGES. */
  omittedEdges: number;
  kinds: FilterLink[];
  themes: FilterLink[];
  territories: FilterLink[];
  depths: FilterLink[];
  focus?: Link;
  themeChosen: boolean;
  territoryChosen: boolean;
  reset?: string;
  empty: boolean;
}

export interface Ecosystem {
  /** The view for a query; the default one is computed at load, others on demand and remembered (bounded). */
  view(query: EcosystemQuery, lang: Lang): EcosystemView;
  /** Validates URL parameters: unknown kinds, themes, territories or entities are reported, not ignored. */
  parse(params: URLSearchParams): { query: EcosystemQuery; errors: string[] };
  readonly relationCount: number;
}

const ROW = 20;
const TOP = 14;
const LEFT_X = 290;
const RIGHT_X = 560;
const WIDTH = 860;
/** Labels longer than this are squeezed into their column; beyond CUT_CHARS they are also cut. */
const MAX_CHARS = 38;
const CUT_CHARS = 64;
const COLUMN = 270;
/** Beyond these the drawing stops being readable (and light): it keeps the most connected, the rest go to "more". */
export const MAX_ORGANISATIONS = 36;
export const MAX_WORKS = 36;
export const MAX_EDGES = 140;
const MAX_MORE = 40;
const CACHE_SIZE = 200;

const fit = (text: string) => (text.length > CUT_CHARS ? `${text.slice(0, CUT_CHARS - 1).trimEnd()}…` : text);
const slug = (iri: string) => iri.slice(iri.lastIndexOf('/') + 1);

/** Every relation of the graph, once each, between entries the directory describes. */
export function readRelations(reader: GraphReader): Relation[] {
  const relations: Relation[] = [];
  const seen = new Set<string>();
  const add = (from: string, to: string, kind: RelationKind) => {
    if (from === to || !reader.kindOf(from) || !reader.kindOf(to)) return;
    // uc:partnerOf is symmetric: one relation whichever file states it.
    const key = kind === 'partners' && to < from ? `${to} ${from} ${kind}` : `${from} ${to} ${kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    relations.push({ from, to, kind });
  };
  const each = (predicate: string, visit: (subject: string, object: string) => void) => {
    reader.store.forEach((q) => {
      if (q.object.termType === 'NamedNode') visit(q.subject.value, q.object.value);
    }, null, predicate, null, null);
  };
  // Work → organisation predicates, turned round so that the organisation acts.
  const byOrganisation: Array<[string, RelationKind]> = [[P.maintainer, 'carries'], [P.contributor, 'contributes'], [P.funder, 'funds'], [P.provider, 'provides'], [P.usedBy, 'uses']];
  for (const [predicate, kind] of byOrganisation) each(predicate, (work, organisation) => add(organisation, work, kind));
  each(P.partnerOf, (a, b) => add(a, b, 'partners'));
  each(P.buildsOn, (a, b) => add(a, b, 'buildsOn'));
  each(P.isBasedOn, (a, b) => add(a, b, 'buildsOn'));
  each(P.subOrganizationOf, (a, b) => add(a, b, 'subOrganizationOf'));
  // A membership is a node of its own: its member and its organisation.
  for (const q of reader.store.getQuads(null, P.organization, null, null)) {
    if (q.object.termType !== 'NamedNode') continue;
    for (const member of reader.iris(q.subject.value, P.member)) add(member, q.object.value, 'memberOf');
  }
  return relations;
}

export interface EcosystemContext {
  reader: GraphReader;
  entities: EntityBuilder;
  /** Concepts of the themes scheme, and of the territories scheme, in display order. */
  themes: readonly string[];
  territories: readonly string[];
  /** A territory and every territory below it. */
  below(territory: string): ReadonlySet<string>;
}

export function buildEcosystem(context: EcosystemContext): Ecosystem {
  const { reader, entities } = context;
  const relations = readRelations(reader);
  const touching = new Map<string, number[]>();
  relations.forEach((r, i) => {
    for (const end of [r.from, r.to]) {
      const list = touching.get(end);
      if (list) list.push(i);
      else touching.set(end, [i]);
    }
  });
  const degree = (iri: string) => touching.get(iri)?.length ?? 0;
  // Themes and territories of the entries in a relation, read once, so that a filter is set lookups only.
  const valuesOf = (predicate: string) => {
    const values = new Map<string, string[]>();
    reader.store.forEach((q) => {
      if (!touching.has(q.subject.value) || q.object.termType !== 'NamedNode') return;
      const list = values.get(q.subject.value);
      if (!list) values.set(q.subject.value, [q.object.value]);
      else if (!list.includes(q.object.value)) list.push(q.object.value);
    }, null, predicate, null, null);
    return values;
  };
  const themesOf = valuesOf(P.subject);
  const placesOf = valuesOf(P.areaServed);
  const themeBySlug = new Map(context.themes.map((t) => [slug(t), t]));
  const territoryBySlug = new Map(context.territories.map((t) => [slug(t), t]));
  const isOrganisation = (iri: string) => reader.kindOf(iri) === 'actor';
  const focusParam = (iri: string) => iri.slice(`${reader.baseIri}id/`.length);

  function href(query: EcosystemQuery, lang: Lang): string {
    const params = new URLSearchParams();
    if (query.focus) params.set('focus', focusParam(query.focus));
    if (query.focus && query.depth === 2) params.set('depth', '2');
    for (const kind of query.kinds) params.append('kind', kind);
    if (query.theme) params.set('theme', slug(query.theme));
    if (query.territory) params.set('territory', slug(query.territory));
    if (lang !== 'fr') params.set('lang', lang);
    // A slash needs no escaping in a query string: focus=actors/framasoft stays readable (and the page lighter).
    const search = params.toString().replace(/%2F/g, '/');
    return search ? `/ecosystem?${search}` : '/ecosystem';
  }

  function select(query: EcosystemQuery): Relation[] {
    let indices: Iterable<number> = relations.keys();
    if (query.focus) {
      // Breadth-first from the focus, one or two steps, over every relation kind asked for.
      const reached = new Set([query.focus]);
      const chosen = new Set<number>();
      let frontier = [query.focus];
      for (let step = 0; step < query.depth; step++) {
        const next: string[] = [];
        for (const node of frontier) {
          for (const i of touching.get(node) ?? []) {
            if (query.kinds.length && !query.kinds.includes(relations[i].kind)) continue;
            chosen.add(i);
            const other = relations[i].from === node ? relations[i].to : relations[i].from;
            if (!reached.has(other)) {
              reached.add(other);
              next.push(other);
            }
          }
        }
        frontier = next;
      }
      indices = [...chosen].sort((a, b) => a - b);
    }
    const inTerritory = query.territory ? context.below(query.territory) : undefined;
    const served = (iri: string) => (placesOf.get(iri) ?? []).some((t) => inTerritory!.has(t));
    const hasTheme = (iri: string) => themesOf.get(iri)?.includes(query.theme!) ?? false;
    const result: Relation[] = [];
    for (const i of indices) {
      const r = relations[i];
      if (query.kinds.length && !query.kinds.includes(r.kind)) continue;
      if (query.theme && !hasTheme(r.to) && !hasTheme(r.from)) continue;
      if (inTerritory && !served(r.from) && !served(r.to)) continue;
      result.push(r);
    }
    return result;
  }

  function layout(query: EcosystemQuery, lang: Lang): EcosystemView {
    const selected = select(query);
    const local = new Map<string, number>();
    for (const r of selected) for (const end of [r.from, r.to]) local.set(end, (local.get(end) ?? 0) + 1);
    const rank = (a: string, b: string) => (a === query.focus ? -1 : b === query.focus ? 1 : (local.get(b)! - local.get(a)!) || degree(b) - degree(a) || (a < b ? -1 : 1));
    const all = [...local.keys()];
    const organisationsAll = all.filter(isOrganisation).sort(rank);
    const worksAll = all.filter((iri) => !isOrganisation(iri)).sort(rank);
    const keptOrganisations = organisationsAll.slice(0, MAX_ORGANISATIONS);
    const keptWorks = worksAll.slice(0, MAX_WORKS);
    const kept = new Set([...keptOrganisations, ...keptWorks]);
    const drawable = selected.filter((r) => kept.has(r.from) && kept.has(r.to));
    const drawn = drawable.slice(0, MAX_EDGES);
    const left = [...organisationsAll.slice(MAX_ORGANISATIONS), ...worksAll.slice(MAX_WORKS)].sort(rank);

    const link = (iri: string) => entities.link(iri, lang);
    const label = (iri: string) => link(iri).label.text;
    // Works grouped by kind, then by name; organisations ordered by the mean row of their works (barycentre),
    // which keeps most lines short. Every step is a sort on stable keys: the same data always gives the same picture.
    const KIND_ORDER: Partial<Record<EntityKind, number>> = { commons: 0, service: 1, project: 2 };
    const works = [...keptWorks].sort((a, b) => (KIND_ORDER[reader.kindOf(a)!] ?? 3) - (KIND_ORDER[reader.kindOf(b)!] ?? 3) || label(a).localeCompare(label(b), 'fr') || (a < b ? -1 : 1));
    const workRow = new Map(works.map((w, i) => [w, i]));
    const sum = new Map<string, [number, number]>();
    for (const r of drawn) {
      if (!workRow.has(r.to) || !isOrganisation(r.from)) continue;
      const [total, count] = sum.get(r.from) ?? [0, 0];
      sum.set(r.from, [total + workRow.get(r.to)!, count + 1]);
    }
    const centre = (iri: string) => {
      const s = sum.get(iri);
      return s ? s[0] / s[1] : Number.MAX_SAFE_INTEGER;
    };
    const organisations = [...keptOrganisations].sort((a, b) => centre(a) - centre(b) || label(a).localeCompare(label(b), 'fr') || (a < b ? -1 : 1));

    const rows = Math.max(works.length, organisations.length, 1);
    const offset = (n: number) => TOP + ((rows - n) * ROW) / 2;
    const y = new Map<string, number>();
    organisations.forEach((o, i) => y.set(o, offset(organisations.length) + i * ROW));
    works.forEach((w, i) => y.set(w, offset(works.length) + i * ROW));
    const x = (iri: string) => (isOrganisation(iri) ? LEFT_X + 6 : RIGHT_X - 6);
    const gap = RIGHT_X - LEFT_X;
    const path = (r: Relation): string => {
      const x1 = x(r.from);
      const x2 = x(r.to);
      const y1 = y.get(r.from)! - 4;
      const y2 = y.get(r.to)! - 4;
      if (x1 !== x2) {
        const mid = (x1 + x2) / 2;
        return `M${x1} ${y1}C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}`;
      }
      // Same column: an arc into the gap, wider for rows further apart.
      const bulge = Math.min(gap * 0.4, 16 + Math.abs(y2 - y1) * 0.35) * (x1 === LEFT_X + 6 ? 1 : -1);
      return `M${x1} ${y1}C${x1 + bulge} ${y1} ${x1 + bulge} ${y2} ${x2} ${y2}`;
    };
    const node = (iri: string): EcosystemNode => ({
      iri,
      link: link(iri),
      short: fit(label(iri)),
      squeeze: label(iri).length > MAX_CHARS ? COLUMN : undefined,
      y: y.get(iri)!,
      focusHref: href({ ...query, focus: iri, kinds: query.kinds }, lang),
      focused: iri === query.focus,
    });

    // The text equivalent of the drawing: one row per (entry, relation kind) for the relations drawn.
    const grouped = new Map<string, { from: string; kind: RelationKind; to: string[] }>();
    for (const r of drawn) {
      const key = `${r.kind} ${r.from}`;
      const group = grouped.get(key);
      if (group) group.to.push(r.to);
      else grouped.set(key, { from: r.from, kind: r.kind, to: [r.to] });
    }
    const tableRows = [...grouped.values()]
      .sort((a, b) => RELATION_KINDS.indexOf(a.kind) - RELATION_KINDS.indexOf(b.kind) || label(a.from).localeCompare(label(b.from), 'fr') || (a.from < b.from ? -1 : 1))
      .map((g) => ({ from: link(g.from), kindKey: `eco.kind.${g.kind}`, to: entities.links(g.to, lang) }));

    const toggle = (kind: RelationKind) => (query.kinds.includes(kind) ? query.kinds.filter((k) => k !== kind) : [...query.kinds, kind].sort((a, b) => RELATION_KINDS.indexOf(a) - RELATION_KINDS.indexOf(b)));
    const filtered = query.kinds.length > 0 || !!query.theme || !!query.territory || !!query.focus;
    return {
      width: WIDTH,
      height: rows * ROW + TOP,
      leftX: LEFT_X,
      rightX: RIGHT_X,
      organisations: organisations.map(node),
      works: works.map(node),
      edges: drawn.map((r) => ({ d: path(r), kind: r.kind })),
      rows: tableRows,
      more: left.slice(0, MAX_MORE).map(link),
      moreCount: left.length,
      omittedEdges: drawable.length - drawn.length,
      kinds: RELATION_KINDS.map((kind) => ({ labelKey: `eco.kind.${kind}`, href: href({ ...query, kinds: toggle(kind) }, lang), current: query.kinds.includes(kind), kind })),
      themes: context.themes.map((t) => ({ label: link(t).label, href: href({ ...query, theme: query.theme === t ? undefined : t }, lang), current: query.theme === t })),
      territories: context.territories.map((t) => ({ label: link(t).label, href: href({ ...query, territory: query.territory === t ? undefined : t }, lang), current: query.territory === t })),
      depths: query.focus ? ([1, 2] as const).map((depth) => ({ label: { text: String(depth) }, href: href({ ...query, depth }, lang), current: query.depth === depth })) : [],
      focus: query.focus ? link(query.focus) : undefined,
      themeChosen: !!query.theme,
      territoryChosen: !!query.territory,
      reset: filtered ? href({ kinds: [], depth: 1 }, lang) : undefined,
      empty: selected.length === 0,
    };
  }

  const defaults: EcosystemQuery = { kinds: [], depth: 1 };
  const initial = { fr: layout(defaults, 'fr'), en: layout(defaults, 'en') };
  const cache = new Map<string, EcosystemView>();
  return {
    relationCount: relations.length,
    view(query, lang) {
      if (!query.kinds.length && !query.theme && !query.territory && !query.focus) return initial[lang];
      const key = `${lang} ${href(query, 'fr')}`;
      let view = cache.get(key);
      if (view) {
        cache.delete(key);
      } else {
        view = layout(query, lang);
        if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(key, view);
      return view;
    },
    parse(params) {
      const errors: string[] = [];
      const kinds: RelationKind[] = [];
      for (const kind of params.getAll('kind')) {
        if ((RELATION_KINDS as readonly string[]).includes(kind)) {
          if (!kinds.includes(kind as RelationKind)) kinds.push(kind as RelationKind);
        } else errors.push(`kind=${kind}: ${RELATION_KINDS.join(', ')}`);
      }
      kinds.sort((a, b) => RELATION_KINDS.indexOf(a) - RELATION_KINDS.indexOf(b));
      const one = (name: string, bySlug: Map<string, string>) => {
        const value = params.get(name);
        if (value === null || value === '') return undefined;
        const iri = bySlug.get(value);
        if (!iri) errors.push(`${name}=${value}`);
        return iri;
      };
      const theme = one('theme', themeBySlug);
      const territory = one('territory', territoryBySlug);
      let focus: string | undefined;
      const focusValue = params.get('focus');
      if (focusValue) {
        const iri = `${reader.baseIri}id/${focusValue.replace(/^\/?(id\/)?/, '')}`;
        if (reader.kindOf(iri) && reader.kindOf(iri) !== 'concept' && reader.kindOf(iri) !== 'scheme') focus = iri;
        else errors.push(`focus=${focusValue}`);
      }
      const depthValue = params.get('depth');
      if (depthValue !== null && depthValue !== '1' && depthValue !== '2') errors.push(`depth=${depthValue}: 1, 2`);
      return { query: { kinds, theme, territory, focus, depth: depthValue === '2' ? 2 : 1 }, errors };
    },
  };
}
