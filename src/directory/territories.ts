// **territories** gathers what exists in each territory and in the territories below it (skos:broader), for
// the territory pages and the /territories overview. One pass over the entries (each is placed in the
// territories it serves, or its carriers serve), then one bottom-up pass over the tree: each entry is counted
// once per ancestor, so the cost is the number of entries times the depth of the tree.
import type { Lang } from '../render/views.js';
import { P, type Link } from './labels.js';
import type { GraphReader } from './graph-reader.js';
import type { EntityBuilder } from './entities.js';
import { readSchemeTree } from './scheme-tree.js';
import { fold } from './search.js';

export interface TerritorySection {
  commons: Link[];
  organisations: Link[];
  others: Link[];
  counts: { commons: number; organisations: number; others: number };
  /** Whether the lists above were cut at MAX_LISTED. */
  moreCommons: boolean;
  moreOrganisations: boolean;
  /** Territories directly below, with what they hold. */
  below: Array<{ link: Link; total: number }>;
  /** The lists filtered on this very territory (the facets do not include territories below). */
  commonsHref: string;
  actorsHref: string;
}

export interface TerritoryRow {
  link: Link;
  depth: number;
  commons: number;
  organisations: number;
  others: number;
  /** Commons and organisations here and below. */
  total: number;
  /** Geometry of the chart, in SVG user units. */
  y: number;
  textY: number;
  labelX: number;
  barX: number;
  commonsWidth: number;
  organisationsWidth: number;
  countX: number;
}

export interface TerritoriesOverview {
  rows: TerritoryRow[];
  width: number;
  height: number;
}

export interface Territories {
  /** Every territory, depth first from the top concepts, siblings by French name. */
  readonly order: readonly string[];
  below(territory: string): ReadonlySet<string>;
  section(territory: string, lang: Lang): TerritorySection | undefined;
  overview(lang: Lang): TerritoriesOverview;
}

/** How many entries a territory page lists per kind; the lists pages hold the rest. */
export const MAX_LISTED = 60;
const ROW = 24;
const LABEL_X = 8;
const BAR_X = 250;
const BAR_MAX = 330;
const WIDTH = 720;

const slug = (iri: string) => iri.slice(iri.lastIndexOf('/') + 1);

export function buildTerritories(reader: GraphReader, entities: EntityBuilder, scheme: string): Territories {
  const { roots, narrower: children } = readSchemeTree(reader, scheme);
  const name = (iri: string) => entities.link(iri, 'fr').label.text;
  const byName = (a: string, b: string) => name(a).localeCompare(name(b), 'fr') || (a < b ? -1 : 1);
  const order: string[] = [];
  const depth = new Map<string, number>();
  // Depth first; a concept reached twice (two broader concepts) is placed once, under the first.
  const visit = (c: string, d: number) => {
    if (depth.has(c)) return;
    depth.set(c, d);
    order.push(c);
    for (const child of (children.get(c) ?? []).sort(byName)) visit(child, d + 1);
  };
  for (const root of roots.sort(byName)) visit(root, 0);

  // What is directly in each territory: commons served there or carried/used by organisations there,
  // organisations serving it, and services and projects serving it.
  type Kind = 'commons' | 'organisations' | 'others';
  const here = new Map<string, Record<Kind, Set<string>>>(order.map((t) => [t, { commons: new Set(), organisations: new Set(), others: new Set() }]));
  const place = (territory: string, kind: Kind, iri: string) => here.get(territory)?.[kind].add(iri);
  for (const o of reader.all('actor')) for (const t of reader.iris(o, P.areaServed)) place(t, 'organisations', o);
  for (const c of reader.all('commons')) {
    for (const t of reader.iris(c, P.areaServed)) place(t, 'commons', c);
    for (const o of [...reader.iris(c, P.maintainer), ...reader.iris(c, P.usedBy)]) for (const t of reader.iris(o, P.areaServed)) place(t, 'commons', c);
  }
  for (const kind of ['service', 'project'] as const) for (const s of reader.all(kind)) for (const t of reader.iris(s, P.areaServed)) place(t, 'others', s);

  // Here and below, bottom-up (reverse depth-first order visits children before parents).
  const total = new Map<string, Record<Kind, Set<string>>>();
  const closure = new Map<string, Set<string>>();
  for (const t of [...order].reverse()) {
    const own = here.get(t)!;
    const sum = { commons: new Set(own.commons), organisations: new Set(own.organisations), others: new Set(own.others) };
    const under = new Set([t]);
    for (const child of children.get(t) ?? []) {
      const c = total.get(child);
      if (!c) continue;
      for (const kind of ['commons', 'organisations', 'others'] as const) for (const iri of c[kind]) sum[kind].add(iri);
      for (const u of closure.get(child)!) under.add(u);
    }
    total.set(t, sum);
    closure.set(t, under);
  }

  // Each entry's place in the order of names, computed once per language: a territory's list is then a
  // numeric sort of its own entries, cut before any link is built.
  const everyone = [...new Set([...reader.all('commons'), ...reader.all('actor'), ...reader.all('service'), ...reader.all('project')])];
  const rankIn = (lang: Lang) => {
    // Folded keys (no case, no accents) compare as plain strings: much cheaper than a collator at 100k entries.
    const keyed = everyone.map((iri) => `${fold(entities.link(iri, lang).label.text)}\u0000${iri}`).sort();
    return new Map(keyed.map((k, i) => [k.slice(k.indexOf('\u0000') + 1), i]));
  };
  const ranks = { fr: rankIn('fr'), en: rankIn('en') };
  const sorted = (iris: Set<string>, lang: Lang) =>
    [...iris].sort((a, b) => ranks[lang].get(a)! - ranks[lang].get(b)!).slice(0, MAX_LISTED).map((iri) => entities.link(iri, lang));
  const size = (t: string) => {
    const s = total.get(t)!;
    return s.commons.size + s.organisations.size;
  };
  const overview = (lang: Lang): TerritoriesOverview => {
    const max = Math.max(1, ...order.flatMap((t) => [total.get(t)!.commons.size, total.get(t)!.organisations.size]));
    const scale = (n: number) => Math.round((n / max) * BAR_MAX);
    return {
      width: WIDTH,
      height: order.length * ROW + 8,
      rows: order.map((t, i) => {
        const s = total.get(t)!;
        const d = depth.get(t)!;
        return {
          link: entities.link(t, lang),
          depth: d,
          commons: s.commons.size,
          organisations: s.organisations.size,
          others: s.others.size,
          total: size(t),
          y: i * ROW + 4,
          textY: i * ROW + 20,
          labelX: LABEL_X + d * 14,
          barX: BAR_X,
          commonsWidth: scale(s.commons.size),
          organisationsWidth: scale(s.organisations.size),
          countX: BAR_X + Math.max(scale(s.commons.size), scale(s.organisations.size)) + 6,
        };
      }),
    };
  };
  const overviews = { fr: overview('fr'), en: overview('en') };

  return {
    order,
    below: (t) => closure.get(t) ?? new Set([t]),
    overview: (lang) => overviews[lang],
    section(t, lang) {
      const s = total.get(t);
      if (!s) return undefined;
      const langQuery = lang === 'fr' ? '' : `&lang=${lang}`;
      return {
        commons: sorted(s.commons, lang),
        organisations: sorted(s.organisations, lang),
        others: sorted(s.others, lang),
        counts: { commons: s.commons.size, organisations: s.organisations.size, others: s.others.size },
        moreCommons: s.commons.size > MAX_LISTED,
        moreOrganisations: s.organisations.size > MAX_LISTED,
        below: (children.get(t) ?? []).map((c) => ({ link: entities.link(c, lang), total: size(c) })).sort((a, b) => b.total - a.total || a.link.label.text.localeCompare(b.link.label.text, lang)),
        commonsHref: `/commons?territory=${encodeURIComponent(slug(t))}${langQuery}`,
        actorsHref: `/actors?territory=${encodeURIComponent(slug(t))}${langQuery}`,
      };
    },
  };
}
