// **external** answers /sparql through an external SPARQL 1.1 engine (Virtuoso, Oxigraph server, Fuseki,
// QLever, GraphDB, Neptune…) while keeping the endpoint's guarantees: the query is parsed and checked here
// before it is forwarded; the time limit counts from arrival and aborts the engine's request; results are
// read back, capped and written by this server in every format it offers (engines' own JSON, Turtle and
// JSON-LD writers differ or lose information); DESCRIBE is answered from the files, as dereferencing is.
//
// The engine holds the validated files through the Graph Store Protocol: one named graph per file, as in
// process, plus a union graph of this server's own that serves as the default graph, so that the engine's own
// graphs (Virtuoso's system graphs) and other replicas' reloads never enter an answer. At start and at each
// reload only changed files are sent. The new union goes in while queries run on the previous one; while the
// changed files go in, queries wait (their time limit running): a client sees the old data or the new, never a mix.
import { createHash, randomBytes } from 'node:crypto';
import { Parser as N3Parser, Writer, DataFactory, type Quad, type Term } from 'n3';
import type { Quad as RdfQuad } from '@rdfjs/types';
import { toAst } from '@traqula/algebra-sparql-1-2';
import { Generator } from '@traqula/generator-sparql-1-2';
import type { Graph } from '../graph/load-graph.js';
import { describe, fragmentIndex, type FragmentIndex } from '../graph/describe.js';
import { serializeQuads } from '../rdf/serialize.js';
import { PREFIXES, entityPrefixes } from '../rdf/namespaces.js';
import type { QueryAnswer, QueryJob } from './execute.js';
import { describeParts, walkAlgebra, withDataset, type AlgebraNode, type ParsedQuery } from './query.js';
import { contentTypeOf, writeBindings, writeBoolean, type Row } from './results.js';
import { PoolBusyError, PoolClosedError, QueryRejectedError, QueryTimeoutError, type PoolAnswer } from './pool.js';
import type { QueryBackend } from './service.js';
import { eachAtOnce } from '../each-at-once.js';

export interface ExternalEngineConfig {
  /** The engine's SPARQL query endpoint. */
  queryUrl: string;
  /** Its Graph Store Protocol endpoint (?graph=IRI). */
  storeUrl: string;
  /** Credentials for writing (HTTP Basic or Digest, as the engine asks). */
  user?: string;
  password?: string;
}

export interface ExternalOptions {
  engine: ExternalEngineConfig;
  timeoutMs: number;
  /** Queries forwarded at once; more wait. */
  concurrency: number;
  maxQueue: number;
  /** Graph Store requests sent at once when loading files (default 4). */
  uploads?: number;
}

/** An engine's error text on one line; HTML pages lose their tags, while a plain text keeps its <IRIs>. */
function plainText(text: string, response: Response): string {
  const html = /html/i.test(response.headers.get('content-type') ?? '');
  return (html ? text.replace(/<[^>]+>/g, ' ') : text).replace(/\s+/g, ' ').trim();
}

/** Triples per Graph Store request when the union graph is sent. */
const UNION_PART = 50_000;

function* chunks<T>(items: Iterable<T>, size: number): IterableIterator<T[]> {
  let part: T[] = [];
  for (const item of items) {
    part.push(item);
    if (part.length === size) {
      yield part;
      part = [];
    }
  }
  if (part.length) yield part;
}

/**
 * The graph that holds every file's triples once: the default graph of every forwarded query. Each server
 * (replica) has its own, and a new one at each load: `<base>graph/union/<replica>-<load>`. A replica's reload
 * then never changes the default graph another replica is answering from.
 */
const unionGraphIri = (baseIri: string, replica: string, load: number) => `${baseIri}graph/union/${replica}-${load}`;

/** fetch with HTTP Basic or Digest (RFC 7616, MD5, qop=auth) when the server asks for it. */
export async function authFetch(url: string, init: RequestInit, user?: string, password?: string): Promise<Response> {
  // With credentials, a request with a body asks for the challenge with a HEAD first: Virtuoso answers 401 to a
  // request without credentials before reading its body and closes the connection, so a large body (a file of
  // many triples, the union graph) fails to be written (ECONNRESET) and the load stops.
  const probe = user !== undefined && init.body !== undefined && init.body !== null;
  let first = await fetch(url, probe ? { method: 'HEAD', headers: init.headers, signal: init.signal } : init);
  if (probe && first.status !== 401) {
    // No credentials asked for (or HEAD not allowed): the request itself, and its own challenge if it gets one.
    await first.arrayBuffer();
    first = await fetch(url, init);
  }
  if (first.status !== 401 || user === undefined) return first;
  await first.arrayBuffer();
  const challenge = first.headers.get('www-authenticate') ?? '';
  const headers = new Headers(init.headers);
  if (/^basic/i.test(challenge)) {
    headers.set('authorization', `Basic ${Buffer.from(`${user}:${password ?? ''}`).toString('base64')}`);
  } else if (/^digest/i.test(challenge)) {
    const fields = Object.fromEntries([...challenge.matchAll(/(\w+)=(?:"([^"]*)"|([^\s,]+))/g)].map((m) => [m[1].toLowerCase(), m[2] ?? m[3]]));
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    const { pathname, search } = new URL(url);
    const uri = pathname + search;
    const method = (init.method ?? 'GET').toUpperCase();
    const cnonce = createHash('md5').update(String(Math.random())).digest('hex').slice(0, 16);
    const nc = '00000001';
    const ha1 = md5(`${user}:${fields.realm}:${password ?? ''}`);
    const ha2 = md5(`${method}:${uri}`);
    const qop = fields.qop?.split(',').map((s) => s.trim()).includes('auth') ? 'auth' : undefined;
    const response = qop ? md5(`${ha1}:${fields.nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : md5(`${ha1}:${fields.nonce}:${ha2}`);
    const parts = [`username="${user}"`, `realm="${fields.realm}"`, `nonce="${fields.nonce}"`, `uri="${uri}"`, `response="${response}"`, 'algorithm=MD5'];
    if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
    if (fields.opaque) parts.push(`opaque="${fields.opaque}"`);
    headers.set('authorization', `Digest ${parts.join(', ')}`);
  } else {
    return first;
  }
  return fetch(url, { ...init, headers });
}

function nTriples(quads: Iterable<RdfQuad>): string {
  const writer = new Writer({ format: 'N-Triples' });
  let out = '';
  for (const q of quads) out += writer.quadToString(q.subject, q.predicate, q.object);
  return out;
}

interface JsonTerm {
  type: string;
  value: string;
  datatype?: string;
  'xml:lang'?: string;
}

/** A term of SPARQL JSON results, including Virtuoso's legacy "typed-literal". */
function termOf(t: JsonTerm): Term {
  switch (t.type) {
    case 'uri':
      return DataFactory.namedNode(t.value);
    case 'bnode':
      return DataFactory.blankNode(t.value.replace(/^nodeID:\/\//, '').replace(/^_:/, ''));
    default:
      if (t['xml:lang']) return DataFactory.literal(t.value, t['xml:lang']);
      return DataFactory.literal(t.value, t.datatype ? DataFactory.namedNode(t.datatype) : undefined);
  }
}

/** The variables of the query's projection, in its order (engines may reorder SELECT *). */
function projected(algebra: AlgebraNode): string[] | undefined {
  let node: AlgebraNode | undefined = algebra;
  while (node && node.type !== 'project') node = node.input as AlgebraNode | undefined;
  return (node?.variables as Array<{ value: string }> | undefined)?.map((v) => v.value);
}

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/**
 * Writes simple literals without ^^xsd:string: RDF 1.1 says they are the same term, but Virtuoso (RDF 1.0)
 * keeps "x" and "x"^^xsd:string apart, and the files are loaded with the short form.
 */
function plainStrings<T>(ast: T): T {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as { subType?: string; langOrIri?: { subType?: string; value?: string } };
    if (n.subType === 'literal' && n.langOrIri && typeof n.langOrIri === 'object' && n.langOrIri.value === XSD_STRING) delete n.langOrIri;
    for (const value of Object.values(n)) visit(value);
  };
  visit(ast);
  return ast;
}

interface Task {
  run: () => Promise<void>;
  /** Answers the caller with this error at once (a stop), aborting the engine's request if any. */
  fail: (error: Error) => void;
}

export async function externalBackend(graph: Graph, options: ExternalOptions): Promise<QueryBackend> {
  const { engine, uploads = 4 } = options;
  const generator = new Generator();
  let generation = 0;
  let current = graph;
  let fragments: FragmentIndex = fragmentIndex(graph.union);
  let running = 0;
  let paused = false;
  let closed = false;
  const queue: Task[] = [];
  const active = new Set<Task>();
  const idle: Array<() => void> = [];
  /** Content hash of what the engine holds in each file's graph. */
  const held = new Map<string, string>();
  // Names this server's union graphs apart from other replicas' over the same engine.
  const replica = randomBytes(6).toString('hex');
  let loads = 0;
  let union = '';

  function dispatch(): void {
    while (!paused && running < options.concurrency && queue.length) {
      const task = queue.shift()!;
      running++;
      active.add(task);
      void task.run().finally(() => {
        active.delete(task);
        running--;
        if (!running) idle.splice(0).forEach((resolve) => resolve());
        dispatch();
      });
    }
  }

  async function store(method: 'PUT' | 'POST' | 'DELETE', graphIri: string, body?: string): Promise<void> {
    const url = `${engine.storeUrl}${engine.storeUrl.includes('?') ? '&' : '?'}graph=${encodeURIComponent(graphIri)}`;
    const send = () => authFetch(url, { method, body, headers: body === undefined ? {} : { 'content-type': 'application/n-triples' } }, engine.user, engine.password);
    // Once more after a connection the engine closed (Virtuoso may, with several writes under way): every write
    // here may be repeated (PUT and DELETE are idempotent, and a POST adds triples the graph already holds).
    const response = await send().catch(() => send());
    const text = await response.text();
    if (!response.ok && !(method === 'DELETE' && response.status === 404)) {
      throw new Error(`the SPARQL engine's graph store refused ${method} <${graphIri}>: ${response.status} ${plainText(text, response).slice(0, 300)}`);
    }
  }

  /** Sends the files that changed since the engine's last load, and removes those gone. */
  async function syncFiles(next: Graph): Promise<void> {
    const wanted = new Map<string, { hash: string; quads: () => Quad[] }>();
    for (const source of next.sources) {
      const g = source.graph;
      const hash = createHash('sha256').update(source.text).update(source.entity ?? next.baseIri).digest('hex');
      wanted.set(g.value, { hash, quads: () => next.store.getQuads(null, null, null, g) });
    }
    const changed = [...wanted].filter(([iri, { hash }]) => held.get(iri) !== hash);
    const removed = [...held.keys()].filter((iri) => !wanted.has(iri));
    // Several requests at once: one after the other, 75,000 files took 20 minutes on Virtuoso.
    await eachAtOnce(changed, uploads, async ([iri, { hash, quads }]) => {
      await store('PUT', iri, nTriples(quads()));
      held.set(iri, hash);
    });
    await eachAtOnce(removed, uploads, async (iri) => {
      await store('DELETE', iri);
      held.delete(iri);
    });
  }

  /** Sends the union of `next` as a new graph of this replica's, and returns its IRI. */
  async function sendUnion(next: Graph): Promise<string> {
    const iri = unionGraphIri(next.baseIri, replica, ++loads);
    // In parts: the whole union as one N-Triples text would be about 150 MB at 1M triples. The first part
    // creates the graph, the others add to it (Graph Store POST).
    let method: 'PUT' | 'POST' = 'PUT';
    try {
      for (const part of chunks(next.union.readQuads(null, null, null, null), UNION_PART)) {
        await store(method, iri, nTriples(part));
        method = 'POST';
      }
      if (method === 'PUT') await store('PUT', iri, '');
    } catch (error) {
      await dropUnion(iri);
      throw error;
    }
    return iri;
  }

  /** Drops a union graph no query uses any more; a failure only leaves a graph behind, so it is logged, not thrown. */
  async function dropUnion(iri: string): Promise<void> {
    await store('DELETE', iri).catch((error: Error) => console.error(`could not remove the old union graph <${iri}> from the SPARQL engine: ${error.message}`));
  }

  /** Forwards a query (text made from the checked algebra) and returns the engine's response body. */
  async function forward(algebra: AlgebraNode, accept: string, signal: AbortSignal, namedGraphs: string[]): Promise<string> {
    const text = generator.generate(plainStrings(toAst(algebra as never)) as never);
    const form = new URLSearchParams({ query: `BASE <${current.baseIri}>\n${text}` });
    // Our dataset, unless the query names its own (FROM, already checked to be our graphs).
    if (algebra.type !== 'from') {
      form.append('default-graph-uri', union);
      for (const g of namedGraphs) form.append('named-graph-uri', g);
    }
    const response = await fetch(engine.queryUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
      body: form.toString(),
      signal,
    });
    const body = await response.text();
    // Virtuoso's "anytime" answers: cut at its own time limit, yet 200. Never pass a partial answer as whole.
    const state = response.headers.get('x-sql-state');
    if (state) throw new QueryTimeoutError(options.timeoutMs);
    if (!response.ok) {
      const message = plainText(body, response).slice(0, 500);
      throw new QueryRejectedError(response.status >= 500 ? 502 : 400, `the SPARQL engine refused the query (${response.status}): ${message}`);
    }
    return body;
  }

  /** Named graphs a query may range over: only when it uses GRAPH (the list is as long as the files). */
  function namedGraphsFor(algebra: AlgebraNode): string[] {
    let usesGraph = false;
    walkAlgebra(algebra, (node) => {
      const g = node.graph as Term | undefined;
      if (node.type === 'graph' || (g && g.termType !== 'DefaultGraph')) usesGraph = true;
    });
    return usesGraph ? current.sources.map((s) => s.graph.value) : [];
  }

  async function select(algebra: AlgebraNode, max: number, signal: AbortSignal): Promise<{ variables: string[]; rows: Row[]; truncated: boolean }> {
    const body = await forward(algebra, 'application/sparql-results+json', signal, namedGraphsFor(algebra));
    const json = JSON.parse(body) as { head: { vars?: string[] }; results: { bindings: Record<string, JsonTerm>[] } };
    const variables = projected(algebra) ?? json.head.vars ?? [];
    const bindings = json.results.bindings;
    const rows = bindings.slice(0, max).map((b) => {
      const row: Row = new Map();
      for (const v of variables) if (b[v]) row.set(v, termOf(b[v]));
      return row;
    });
    return { variables, rows, truncated: bindings.length > max };
  }

  async function execute(job: QueryJob & { parsed: ParsedQuery }, signal: AbortSignal): Promise<QueryAnswer> {
    const algebra = withDataset(job.parsed, job.dataset);
    const type = job.mediaType;
    const withCharset = contentTypeOf(type);
    const prefixes = { ...PREFIXES, ...entityPrefixes(current.baseIri) };
    switch (job.parsed.form) {
      case 'select': {
        const r = await select(algebra, job.maxResults, signal);
        return { contentType: withCharset, body: writeBindings(r.variables, r.rows, type), truncated: r.truncated, count: r.rows.length };
      }
      case 'ask': {
        const json = JSON.parse(await forward(algebra, 'application/sparql-results+json', signal, namedGraphsFor(algebra))) as { boolean: boolean | string };
        return { contentType: withCharset, body: writeBoolean(json.boolean === true || json.boolean === 'true', type), truncated: false, count: 1 };
      }
      case 'construct': {
        const body = await forward(algebra, 'application/n-triples', signal, namedGraphsFor(algebra));
        const quads = new N3Parser({ format: 'N-Triples' }).parse(body);
        const kept = quads.slice(0, job.maxResults);
        return { contentType: withCharset, body: await serializeQuads(kept, type, { prefixes, baseIri: current.baseIri }), truncated: quads.length > kept.length, count: kept.length };
      }
      default: {
        // DESCRIBE: the engine binds the variables; the description comes from the files, as dereferencing.
        const { iris, select: binding } = describeParts(algebra);
        if (binding) for (const row of (await select(binding, job.maxResults, signal)).rows) for (const t of row.values()) if (t.termType === 'NamedNode') iris.add(t.value);
        const out: Quad[] = [];
        for (const iri of iris) out.push(...describe(current.union, iri, fragments));
        const kept = out.slice(0, job.maxResults);
        return { contentType: withCharset, body: await serializeQuads(kept, type, { prefixes, baseIri: current.baseIri }), truncated: out.length > kept.length, count: kept.length };
      }
    }
  }

  union = await sendUnion(graph);
  await syncFiles(graph);

  return {
    run(job, arrival) {
      if (closed) return Promise.reject(new PoolClosedError());
      if (queue.length >= options.maxQueue) return Promise.reject(new PoolBusyError());
      return new Promise<PoolAnswer>((resolve, reject) => {
        const controller = new AbortController();
        let settled = false;
        const fail = (error: Error) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const index = queue.indexOf(task);
          if (index >= 0) queue.splice(index, 1);
          controller.abort();
          reject(error);
        };
        const timer = setTimeout(() => fail(new QueryTimeoutError(options.timeoutMs)), Math.max(0, arrival + options.timeoutMs - performance.now()));
        const task: Task = {
          fail,
          run: async () => {
            const startedOn = generation;
            try {
              const answer = await execute(job, controller.signal);
              if (!settled) resolve({ ...answer, generation: startedOn });
            } catch (error) {
              if (!settled) reject(error instanceof Error && error.name === 'AbortError' ? new QueryTimeoutError(options.timeoutMs) : error);
            } finally {
              settled = true;
              clearTimeout(timer);
            }
          },
        };
        queue.push(task);
        dispatch();
      });
    },
    async prepare(next) {
      // The new union goes in under a name of its own while queries keep running on the current one.
      const nextUnion = await sendUnion(next);
      // The files' graphs are shared by name (GRAPH queries read them): new queries wait, those under way
      // finish on the old data (or reach their limit), then the changed files go in.
      paused = true;
      try {
        if (running) await new Promise<void>((resolve) => idle.push(resolve));
        await syncFiles(next);
      } catch (error) {
        paused = false;
        dispatch();
        void dropUnion(nextUnion);
        throw error;
      }
      return () => {
        const previous = union;
        current = next;
        union = nextUnion;
        fragments = fragmentIndex(next.union);
        generation++;
        paused = false;
        dispatch();
        // Queries were held while the files went in: none runs on the previous union any more.
        void dropUnion(previous);
      };
    },
    get generation() {
      return generation;
    },
    async close() {
      closed = true;
      paused = true;
      for (const task of [...queue, ...active]) task.fail(new PoolClosedError());
      // This replica's union is of no use to anyone once it stops; a stop is bounded, so it is not waited for long.
      await Promise.race([dropUnion(union), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    },
  };
}
