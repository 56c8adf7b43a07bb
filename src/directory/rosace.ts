// **rosace** lays out the skills scheme as a radial chart (the cooperative's "rosace des compétences"): one petal
// per top concept, its length showing how many organisations offer the skill (or a narrower one), narrower
// skills as smaller petals inside it. Counts come from one pass over the organisations; the geometry is
// computed here so that templates only print numbers and links.
import type { Lang } from '../render/views.js';
import { P, type Link } from './labels.js';
import type { GraphReader } from './graph-reader.js';
import type { EntityBuilder } from './entities.js';
import { readSchemeTree } from './scheme-tree.js';

export interface Petal {
  link: Link;
  count: number;
  /** SVG path data of the petal. */
  d: string;
  /** Where its label goes, outside the circle. */
  labelX: number;
  labelY: number;
  anchor: 'start' | 'middle' | 'end';
  /** The label as drawn: whole, squeezed (textLength) when long rather than cut. */
  short: string;
  squeeze?: number;
  inner: Petal[];
}

export interface RosaceRow {
  link: Link;
  count: number;
  narrower: Array<{ link: Link; count: number }>;
}

export interface Rosace {
  width: number;
  height: number;
  centre: Centre;
  /** Radius of the hub and of the largest possible petal, for the guide circles. */
  hub: number;
  radius: number;
  petals: Petal[];
  rows: RosaceRow[];
  max: number;
}

export interface Skills {
  /** The whole scheme. */
  rosace(lang: Lang): Rosace;
  /** The skills one organisation offers, on the same scale as the whole scheme. */
  forOrganisation(iri: string, lang: Lang): Rosace | undefined;
}

interface Item {
  iri: string;
  count: number;
  children: Item[];
}

const LARGE = { radius: 190, hub: 30, label: 215, chars: 32 };
const SMALL = { radius: 80, hub: 14, label: 170, chars: 24 };

const round = (n: number) => Math.round(n * 10) / 10;
/** Where the chart is centred: wide enough for labels left and right, only a line of text above and below. */
interface Centre {
  x: number;
  y: number;
}
const point = (r: number, angle: number, c: Centre) => `${round(c.x + r * Math.cos(angle))} ${round(c.y + r * Math.sin(angle))}`;

/** A ring sector from `r0` to `r1` between two angles (radians, clockwise from the x axis). */
function sector(c: Centre, r0: number, r1: number, from: number, to: number): string {
  const large = to - from > Math.PI ? 1 : 0;
  return `M${point(r0, from, c)}L${point(r1, from, c)}A${round(r1)} ${round(r1)} 0 ${large} 1 ${point(r1, to, c)}L${point(r0, to, c)}A${round(r0)} ${round(r0)} 0 ${large} 0 ${point(r0, from, c)}Z`;
}

function layout(items: Item[], max: number, lang: Lang, entities: EntityBuilder, dims: typeof LARGE): Rosace {
  const centre = { x: dims.radius + dims.label, y: dims.radius + 26 };
  const length = (count: number) => dims.hub + 4 + (dims.radius - dims.hub - 4) * Math.sqrt(count / Math.max(1, max));
  const step = (2 * Math.PI) / Math.max(1, items.length);
  const petal = (item: Item, from: number, to: number, labelled: boolean): Petal => {
    const link = entities.link(item.iri, lang);
    const mid = (from + to) / 2;
    const cos = Math.cos(mid);
    const gap = Math.min(0.04, (to - from) * 0.1);
    const innerStep = (to - from - 2 * gap) / Math.max(1, item.children.length);
    return {
      link,
      count: item.count,
      d: sector(centre, dims.hub, length(item.count), from + gap, to - gap),
      labelX: labelled ? round(centre.x + (dims.radius + 8) * cos) : 0,
      labelY: labelled ? round(centre.y + (dims.radius + 8) * Math.sin(mid) + 4) : 0,
      anchor: cos > 0.02 ? 'start' : cos < -0.02 ? 'end' : 'middle',
      short: link.label.text,
      squeeze: link.label.text.length > dims.chars ? dims.chars * 6.4 : undefined,
      inner: item.children.map((child, i) => petal(child, from + gap + i * innerStep, from + gap + (i + 1) * innerStep, false)),
    };
  };
  return {
    width: 2 * centre.x,
    height: 2 * centre.y,
    centre,
    hub: dims.hub,
    radius: dims.radius,
    max,
    petals: items.map((item, i) => petal(item, -Math.PI / 2 + i * step, -Math.PI / 2 + (i + 1) * step, true)),
    rows: items.map((item) => ({
      link: entities.link(item.iri, lang),
      count: item.count,
      narrower: item.children.map((c) => ({ link: entities.link(c.iri, lang), count: c.count })),
    })),
  };
}

export function buildSkills(reader: GraphReader, entities: EntityBuilder, scheme: string): Skills {
  const { concepts: inScheme, roots: tops, narrower } = readSchemeTree(reader, scheme);
  // Organisations per skill; a top concept counts an organisation once, whether it names it or a narrower skill.
  const offering = new Map<string, Set<string>>();
  const offer = (skill: string, organisation: string) => {
    const set = offering.get(skill);
    if (set) set.add(organisation);
    else offering.set(skill, new Set([organisation]));
  };
  const topOf = new Map<string, string>();
  for (const t of tops) for (const n of narrower.get(t) ?? []) topOf.set(n, t);
  for (const o of reader.all('actor')) {
    for (const skill of reader.iris(o, P.knowsAbout)) {
      if (!inScheme.has(skill)) continue;
      offer(skill, o);
      const top = topOf.get(skill);
      if (top) offer(top, o);
    }
  }
  const count = (iri: string) => offering.get(iri)?.size ?? 0;
  const name = (iri: string) => entities.link(iri, 'fr').label.text;
  const byCount = (a: string, b: string) => count(b) - count(a) || name(a).localeCompare(name(b), 'fr') || (a < b ? -1 : 1);
  const item = (iri: string): Item => ({ iri, count: count(iri), children: (narrower.get(iri) ?? []).sort(byCount).map(item) });
  // Petals keep the scheme's order by name, so that a skill is always in the same place from one load to the next.
  const items = [...tops].sort((a, b) => name(a).localeCompare(name(b), 'fr') || (a < b ? -1 : 1)).map(item);
  const max = Math.max(1, ...items.map((i) => i.count));
  const whole = { fr: layout(items, max, 'fr', entities, LARGE), en: layout(items, max, 'en', entities, LARGE) };
  return {
    rosace: (lang) => whole[lang],
    forOrganisation(iri, lang) {
      const own = reader.iris(iri, P.knowsAbout).filter((s) => inScheme.has(s));
      if (!own.length) return undefined;
      const mine = own.sort((a, b) => name(a).localeCompare(name(b), 'fr') || (a < b ? -1 : 1)).map((s) => ({ iri: s, count: count(s), children: [] }));
      return layout(mine, max, lang, entities, SMALL);
    },
  };
}
