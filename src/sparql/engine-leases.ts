// **engine-leases** keeps an external engine from filling up with what no server uses any more. Every server
// (replica) over the engine names there the graphs it needs: a lease graph `<base>graph/replica/<id>/held-<n>`
// lists them (its union, its files' content graphs; during a reload, the current ones and the next), and a
// one-triple graph `…/<id>/seen` says when it was last alive, rewritten every few minutes. A new list goes in
// under the next number before the previous one is removed, so that a sweep always sees at least all of it.
// After each of its loads, a server sweeps: every graph of ours in the engine (unions, content graphs, leases)
// that no live server's lease names goes. That removes old versions of changed files, and the union a crashed
// server left behind (a whole copy of the data) once its lease has expired.
//
// Order is what keeps it safe: a server writes its lease before it sends or relies on a graph, and a sweep lists
// the graphs before it reads the leases, so a graph sent after the listing is never a candidate. What is left:
// a server that begins to use again an old content graph nobody held, in the milliseconds between a sweep's
// reading of the leases and its removals, loses that graph (the file's GRAPH answers are empty until its next
// reload). Clocks: a lease is alive while its time is less than `leaseMs` old by the sweeping server's clock.
import { DataFactory, type Quad } from 'n3';

const { namedNode, literal, quad } = DataFactory;
const MODIFIED = namedNode('http://purl.org/dc/terms/modified');
const REQUIRES = namedNode('http://purl.org/dc/terms/requires');
const DATE_TIME = namedNode('http://www.w3.org/2001/XMLSchema#dateTime');

/** The little of the engine that leases need. */
export interface LeaseEngine {
  /** Runs a SELECT over all of the engine's graphs; rows of variable → IRI or literal value. */
  select(query: string): Promise<Array<Record<string, string>>>;
  /** Replaces a graph (Graph Store PUT, then POSTs for a large one). */
  put(graph: string, quads: Quad[]): Promise<void>;
  /** Removes graphs, a few at a time (Graph Store DELETE). */
  remove(graphs: string[]): Promise<void>;
}

export interface LeaseOptions {
  /** How long a lease lives without being renewed (default 15 minutes); it is renewed every quarter of that. */
  leaseMs?: number;
  /** Which graphs are ours to sweep: the content graphs of the files, by their mark. */
  contentMark: string;
}

export interface Leases {
  /** Records, before they are sent or used, every graph this server needs from now on (replacing the list). */
  hold(graphs: Iterable<string>): Promise<void>;
  /** Removes the graphs of ours that no live server holds; returns them. Never throws: it logs and tries again next time. */
  sweep(): Promise<string[]>;
  /** Stops renewing (a server that failed to start). */
  stop(): void;
  /** Stops renewing, and removes this server's lease. */
  close(): Promise<void>;
}

const DEFAULT_LEASE_MS = 15 * 60_000;

export function createLeases(baseIri: string, replica: string, engine: LeaseEngine, options: LeaseOptions): Leases {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const leases = `${baseIri}graph/replica/`;
  const self = `${leases}${replica}`;
  const seen = `${self}/seen`;
  let held = 0;
  const renew = () => engine.put(seen, [quad(namedNode(self), MODIFIED, literal(new Date().toISOString(), DATE_TIME))]);
  let seenWritten = false;
  const timer = setInterval(() => {
    renew().catch((error: Error) => console.error(`could not renew this server's lease in the SPARQL engine: ${error.message}`));
  }, leaseMs / 4);
  timer.unref();

  /** Every graph of ours in the engine: what a sweep may remove. */
  async function ours(): Promise<string[]> {
    const rows = await engine.select(
      `SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ${JSON.stringify(`${baseIri}graph/`)}) || (STRSTARTS(STR(?g), ${JSON.stringify(`${baseIri}source/`)}) && CONTAINS(STR(?g), ${JSON.stringify(options.contentMark)}))) }`,
    );
    return rows.map((r) => r.g);
  }

  return {
    async hold(graphs) {
      // Seen first: a lease without a live time protects nothing.
      if (!seenWritten) {
        await renew();
        seenWritten = true;
      }
      const previous = held;
      await engine.put(`${self}/held-${previous + 1}`, [...new Set(graphs)].map((g) => quad(namedNode(self), REQUIRES, namedNode(g))));
      held = previous + 1;
      if (previous) await engine.remove([`${self}/held-${previous}`]);
    },
    async sweep() {
      try {
        // Listed before the leases are read: what is sent after this listing is not a candidate.
        const candidates = await ours();
        const alive = new Set(
          (await engine.select(`SELECT ?server ?time WHERE { GRAPH ?seen { ?server <${MODIFIED.value}> ?time } FILTER(STRSTARTS(STR(?seen), ${JSON.stringify(leases)})) }`))
            .filter((r) => Date.now() - Date.parse(r.time) < leaseMs)
            .map((r) => r.server),
        );
        const kept = new Set<string>();
        for (const row of await engine.select(`SELECT ?server ?g WHERE { GRAPH ?lease { ?server <${REQUIRES.value}> ?g } FILTER(STRSTARTS(STR(?lease), ${JSON.stringify(leases)})) }`)) {
          if (alive.has(row.server)) kept.add(row.g);
        }
        // A live server's own lease graphs stay; a dead one's go with what they held.
        const own = [...alive].map((server) => `${server}/`);
        const gone = candidates.filter((g) => !kept.has(g) && !own.some((prefix) => g.startsWith(prefix)));
        await engine.remove(gone);
        return gone;
      } catch (error) {
        console.error(`could not sweep the SPARQL engine of unused graphs: ${(error as Error).message}`);
        return [];
      }
    },
    stop() {
      clearInterval(timer);
    },
    async close() {
      clearInterval(timer);
      await engine.remove([seen, ...(held ? [`${self}/held-${held}`] : [])]);
    },
  };
}
