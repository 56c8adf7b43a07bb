// **ecosystem** lays out who carries and who contributes to which commons as a two-column graph
// (organisations left, commons right), for an SVG the server renders, and the same facts as a table.
import type { Lang } from '../render/views.js';
import { P, type Link } from './labels.js';
import type { GraphReader } from './graph-reader.js';
import type { EntityBuilder } from './entities.js';

export interface EcosystemNode {
  /** The label, cut to fit its column; the table below the graph gives it in full. */
  short: string;
  y: number;
}

export interface EcosystemEdge {
  /** SVG path data. */
  d: string;
  role: 'carries' | 'contributes';
}

export interface EcosystemRow {
  commons: Link;
  maintainers: Link[];
  contributors: Link[];
}

export interface Ecosystem {
  width: number;
  height: number;
  leftX: number;
  rightX: number;
  organisations: EcosystemNode[];
  commons: EcosystemNode[];
  edges: EcosystemEdge[];
  rows: EcosystemRow[];
  /** How many commons the graph leaves out (beyond the most connected ones), 0 when it shows them all. */
  omitted: number;
}

const ROW = 22;
const TOP = 16;
const LEFT_X = 300;
const RIGHT_X = 520;
const WIDTH = 820;
const MAX_CHARS = 40;
/** Beyond this many commons the graph stops being readable (and light): it keeps the most connected. */
export const MAX_COMMONS = 60;

const fit = (link: Link) => (link.label.text.length > MAX_CHARS ? `${link.label.text.slice(0, MAX_CHARS - 1).trimEnd()}…` : link.label.text);

export function buildEcosystem(reader: GraphReader, entities: EntityBuilder, lang: Lang): Ecosystem {
  const linked = (iris: readonly string[]) =>
    iris.map((iri) => ({ iri, link: entities.link(iri, lang) })).sort((a, b) => a.link.label.text.localeCompare(b.link.label.text, 'fr'));
  const degree = (iri: string) => reader.iris(iri, P.maintainer).length + reader.iris(iri, P.contributor).length;
  const all = reader.all('commons');
  const shown = all.length <= MAX_COMMONS ? all : [...all].sort((a, b) => degree(b) - degree(a) || a.localeCompare(b)).slice(0, MAX_COMMONS);
  const commons = linked(shown);
  const organisations = linked([...new Set(commons.flatMap(({ iri }) => [...reader.iris(iri, P.maintainer), ...reader.iris(iri, P.contributor)]))]);
  const rows = Math.max(commons.length, organisations.length);
  // The shorter column is centred against the longer one, so that edges stay short.
  const offset = (n: number) => TOP + ((rows - n) * ROW) / 2;
  const orgY = new Map(organisations.map((o, i) => [o.iri, offset(organisations.length) + i * ROW]));
  const commonsY = new Map(commons.map((c, i) => [c.iri, offset(commons.length) + i * ROW]));
  const edge = (from: string, to: string, role: EcosystemEdge['role']): EcosystemEdge => {
    const y1 = orgY.get(from)! - 4;
    const y2 = commonsY.get(to)! - 4;
    const mid = (LEFT_X + RIGHT_X) / 2;
    return { role, d: `M${LEFT_X + 6} ${y1}C${mid} ${y1} ${mid} ${y2} ${RIGHT_X - 6} ${y2}` };
  };
  return {
    width: WIDTH,
    height: rows * ROW + TOP,
    leftX: LEFT_X,
    rightX: RIGHT_X,
    organisations: organisations.map((o) => ({ short: fit(o.link), y: orgY.get(o.iri)! })),
    commons: commons.map((c) => ({ short: fit(c.link), y: commonsY.get(c.iri)! })),
    edges: commons.flatMap(({ iri }) => [
      ...reader.iris(iri, P.maintainer).map((o) => edge(o, iri, 'carries')),
      ...reader.iris(iri, P.contributor).map((o) => edge(o, iri, 'contributes')),
    ]),
    omitted: all.length - shown.length,
    rows: commons.map(({ iri, link }) => ({
      commons: link,
      maintainers: entities.links(reader.iris(iri, P.maintainer), lang),
      contributors: entities.links(reader.iris(iri, P.contributor), lang),
    })),
  };
}
