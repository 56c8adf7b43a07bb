// **statistics** counts what the statistics page charts (commons by theme and licence, organisations by type,
// the cooperative's typology goal, read from the data) and lays the bars out for server-rendered SVG.
import type { Lang } from '../render/views.js';
import { P, type Link, type Text } from './labels.js';
import { typologyGoal } from './cooperative.js';
import type { GraphReader } from './graph-reader.js';
import type { EntityBuilder } from './entities.js';

export interface Bar {
  link: Link;
  /** A string of views/locales, printed instead of the link's label. */
  labelKey?: string;
  count: number;
  /** Geometry in SVG user units, computed here so that templates only print numbers. */
  y: number;
  textY: number;
  width: number;
  countX: number;
}

export interface BarChart {
  id: string;
  titleKey: string;
  bars: Bar[];
  width: number;
  height: number;
  /** x of the goal line, when the chart has a goal. */
  goalX?: number;
}

export interface GoalRow {
  /** The family's slug (goal-associative…). */
  key: string;
  label: Text;
  definition?: Text;
  count: number;
  goal: number;
  met: boolean;
}

export interface Statistics {
  charts: BarChart[];
  goal: { chart: BarChart; rows: GoalRow[]; goal: number };
}

const ROW = 24;
const BAR_X = 270;
const BAR_MAX = 300;
const CHART_WIDTH = 640;

function layout(id: string, titleKey: string, rows: Array<{ link: Link; count: number; labelKey?: string }>, goal?: number): BarChart {
  const max = Math.max(1, goal ?? 0, ...rows.map((r) => r.count));
  const scale = (n: number) => Math.round((n / max) * BAR_MAX);
  return {
    id,
    titleKey,
    width: CHART_WIDTH,
    height: rows.length * ROW + 8,
    goalX: goal === undefined ? undefined : BAR_X + scale(goal),
    bars: rows.map((r, i) => ({ ...r, y: i * ROW + 4, textY: i * ROW + 20, width: Math.max(2, scale(r.count)), countX: BAR_X + scale(r.count) + 6 })),
  };
}

function countBy(items: readonly string[], values: (iri: string) => string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) for (const value of new Set(values(item))) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

export function buildStatistics(reader: GraphReader, entities: EntityBuilder, lang: Lang): Statistics {
  const commons = reader.all('commons');
  const actors = reader.all('actor');
  const ranked = (counts: Map<string, number>, toLink: (key: string) => Link) =>
    [...counts].map(([key, count]) => ({ link: toLink(key), count })).sort((a, b) => b.count - a.count || a.link.label.text.localeCompare(b.link.label.text, 'fr'));
  const byType = countBy(actors, (a) => reader.iris(a, P.classification));
  // The goal and its families are data (data/actors/usages-communs.ttl), read by the cooperative page too.
  const rows = typologyGoal(reader, entities, lang).map((f): GoalRow => ({ key: f.iri.slice(Math.max(f.iri.lastIndexOf('/'), f.iri.lastIndexOf('#')) + 1), label: f.label, definition: f.definition, count: f.count, goal: f.goal, met: f.met }));
  const goal = Math.max(0, ...rows.map((r) => r.goal));
  return {
    charts: [
      layout('by-theme', 'stats.byTheme', ranked(countBy(commons, (c) => reader.iris(c, P.subject)), (t) => entities.link(t, lang))),
      layout('by-licence', 'stats.byLicence', ranked(countBy(commons, (c) => reader.iris(c, P.license)), (l) => ({ label: { text: l.split('/').pop() ?? l } }))),
      layout('by-type', 'stats.byType', ranked(byType, (t) => entities.link(t, lang))),
    ],
    goal: { goal, rows, chart: layout('goal', 'stats.goal', rows.map((r) => ({ link: { label: r.label }, count: r.count })), goal) },
  };
}
