// **changes** turns the data folder's git history into the change log that partner tools follow
// (/changes, ActivityStreams 2.0), the Atom feed and the tombstones of removed entries. Built once per
// graph; a request only slices it.
import type { Graph } from '../graph/load-graph.js';
import type { ChangeType } from '../graph/history.js';
import { entityForPath } from '../graph/sources.js';

export const AS = 'https://www.w3.org/ns/activitystreams#';
export const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams';
export const PAGE_SIZE = 100;

export interface Activity {
  /** `<base>changes/<commit>/<kind>/<slug>`: one file's change in one commit. */
  id: string;
  type: ChangeType;
  /** The entry's IRI. */
  object: string;
  /** ISO 8601, UTC. */
  published: string;
  commit: string;
}

export interface ChangePage {
  /** 1-based. */
  page: number;
  pages: number;
  total: number;
  /** Index of the first item of this page in the whole (filtered) collection. */
  startIndex: number;
  items: readonly Activity[];
}

export interface ChangeLog {
  /** Whether the data folder has a history at all; without one the log is empty rather than made up. */
  readonly known: boolean;
  /** Activities newer than `since` (all without it), newest first, cut in pages. */
  page(page: number, since?: Date): ChangePage;
  /** The newest activities, for the feed. */
  recent(limit: number): readonly Activity[];
  activity(id: string): Activity | undefined;
  /** The removal of an entry that the graph no longer describes, if the history has one. */
  removal(iri: string): Activity | undefined;
}

/** `<kind>/<slug>.ttl` only: other files in the data folder announce no entry. */
const ENTRY_FILE = /^[^/]+\/[^/]+\.ttl$/;

export function buildChangeLog(graph: Graph, isDescribed: (iri: string) => boolean): ChangeLog {
  const activities: Activity[] = [];
  for (const change of graph.history?.changes ?? []) {
    if (!ENTRY_FILE.test(change.relative)) continue;
    activities.push({
      id: `${graph.baseIri}changes/${change.commit}/${change.relative.replace(/\.ttl$/, '')}`,
      type: change.type,
      object: entityForPath(graph.baseIri, change.relative),
      published: change.date.toISOString(),
      commit: change.commit,
    });
  }
  // git log lists commits newest first but not strictly by date (merges): the pages and `since` need the dates in order.
  activities.sort((a, b) => (a.published < b.published ? 1 : a.published > b.published ? -1 : 0));
  const byId = new Map(activities.map((a) => [a.id, a]));
  const removals = new Map<string, Activity>();
  // Newest first: the first change seen of an entry is its last; only a removal of what is gone counts.
  const seen = new Set<string>();
  for (const activity of activities) {
    if (seen.has(activity.object)) continue;
    seen.add(activity.object);
    if (activity.type === 'Delete' && !isDescribed(activity.object)) removals.set(activity.object, activity);
  }
  return {
    known: graph.history !== undefined,
    page(page, since) {
      // Newest first, so the activities newer than `since` are a prefix: a binary search finds its end.
      let end = activities.length;
      if (since) {
        const iso = since.toISOString();
        let lo = 0;
        let hi = activities.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (activities[mid].published > iso) lo = mid + 1;
          else hi = mid;
        }
        end = lo;
      }
      const pages = Math.max(1, Math.ceil(end / PAGE_SIZE));
      const startIndex = (page - 1) * PAGE_SIZE;
      return { page, pages, total: end, startIndex, items: activities.slice(startIndex, Math.min(end, startIndex + PAGE_SIZE)) };
    },
    recent: (limit) => activities.slice(0, limit),
    activity: (id) => byId.get(id),
    removal: (iri) => removals.get(iri),
  };
}

/** The JSON-LD context of the change log: ActivityStreams, and the commit, which it has no term for. */
export const CHANGES_CONTEXT = [AS_CONTEXT, { uc: 'https://w3id.org/usages-communs/ns#', commit: 'uc:commit' }] as const;

const activityJson = (a: Activity) => ({ id: a.id, type: a.type, object: a.object, published: a.published, commit: a.commit });

/** The URL of the log (`page` undefined: the collection itself) for `since`, on the canonical base. */
export function changesHref(baseIri: string, since?: Date, page?: number): string {
  const params = new URLSearchParams();
  if (since) params.set('since', since.toISOString());
  if (page !== undefined) params.set('page', String(page));
  const query = params.toString();
  return `${baseIri}changes${query ? `?${query}` : ''}`;
}

/** The collection (AS2 OrderedCollection) of the activities newer than `since`, pointing to its first and last pages. */
export function collectionJson(log: ChangeLog, baseIri: string, since?: Date): Record<string, unknown> {
  const { total, pages } = log.page(1, since);
  return {
    '@context': CHANGES_CONTEXT,
    id: changesHref(baseIri, since),
    type: 'OrderedCollection',
    summaryMap: {
      fr: 'Créations, modifications et suppressions des fiches de l’annuaire, les plus récentes d’abord.',
      en: 'Entries of the directory created, changed and removed, newest first.',
    },
    totalItems: total,
    first: changesHref(baseIri, since, 1),
    last: changesHref(baseIri, since, pages),
  };
}

/** One page (AS2 OrderedCollectionPage), or undefined past the last page. */
export function collectionPageJson(log: ChangeLog, baseIri: string, page: number, since?: Date): Record<string, unknown> | undefined {
  const slice = log.page(page, since);
  if (page > slice.pages) return undefined;
  return {
    '@context': CHANGES_CONTEXT,
    id: changesHref(baseIri, since, page),
    type: 'OrderedCollectionPage',
    partOf: changesHref(baseIri, since),
    startIndex: slice.startIndex,
    totalItems: slice.total,
    ...(page > 1 && { prev: changesHref(baseIri, since, page - 1) }),
    ...(page < slice.pages && { next: changesHref(baseIri, since, page + 1) }),
    orderedItems: slice.items.map(activityJson),
  };
}

export function activityDocument(activity: Activity): Record<string, unknown> {
  return { '@context': CHANGES_CONTEXT, ...activityJson(activity) };
}
