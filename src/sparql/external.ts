// **external** answers /sparql through an external SPARQL 1.1 engine (Virtuoso, Oxigraph server, Fuseki,
// QLever, GraphDB, Neptune…) while keeping the endpoint's guarantees: the query is parsed and checked here
// before it is forwarded; the time limit counts from arrival and aborts the engine's request; results are
// read back, capped and written by this server in every format it offers (engines' own JSON, Turtle and
// JSON-LD writers differ or lose information); DESCRIBE is answered from the files, as dereferencing is.
//
// The engine holds the validated files through the Graph Store Protocol: one named graph per file, named by
// the file's content (<file IRI>#sha256-<hash of its name, base and text>), plus a union graph of this server's own that serves as
// the default graph, so that the engine's own graphs (Virtuoso's system graphs) never enter an answer. Queries
// name the files as everywhere else (<base>source/data/…): their names are mapped to the content graphs in the
// query and back in the answer. A reload sends the changed files as new content graphs and a new union, while
// queries keep running on the current ones, then switches at once: a client sees the old data or the new,
// never a mix, and replicas over the same engine never see each other's reloads. An unchanged file is never sent
// again, even by a restarted server or another replica; what no live server needs any more (a changed file's old
// content, a crashed server's union) is removed after each load (engine-leases.ts).
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Parser as N3Parser, Writer, DataFactory, type Quad, type Term } from 'n3';
import type { Quad as RdfQuad } from '@rdfjs/types';
import { toAst } from '@traqula/algebra-sparql-1-2';
import { Generator } from '@traqula/generator-sparql-1-2';
import { DataFactory as RdfDataFactory } from 'rdf-data-factory';
import type { Graph } from '../graph/load-graph.js';
import { describe, fragmentIndex, type FragmentIndex } from '../graph/describe.js';
import { serializeQuads } from '../rdf/serialize.js';
import { PREFIXES, entityPrefixes } from '../rdf/namespaces.js';
import type { QueryAnswer, QueryJob } from './execute.js';
import { describeParts, walkAlgebra, withDataset, type AlgebraNode, type ParsedQuery } from './query.js';
import { contentTypeOf, writeBindings, writeBoolean, type Row } from './results.js';
import { PoolBusyError, PoolClosedError, QueryRejectedError, QueryTimeoutError, type PoolAnswer, type PreparedSwitch } from './pool.js';
import type { QueryBackend } from './service.js';
import { eachAtOnce } from '../each-at-once.js';
import { createLeases } from './engine-leases.js';
import { memberQuads, membersGraphIri, restrictGraph } from './graph-members.js';

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

/** Virtuoso's answers to a write that may be sent again as it is: a deadlock, a race on its term dictionary. */
const RETRIED_WRITE = /\b40001\b|deadlock|\bSR197\b.*\bDB\.DBA\.RDF_(?:LANGUAGE|DATATYPE)\b/is;

/** Triples per Graph Store request when a large graph (a union, a lease) is sent. */
const GRAPH_PART = 50_000;

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
/**
 * A file's content graph: the file's own IRI with the hash of its content as fragment. Beginning with the
 * file's IRI, it sorts as the file does (ORDER BY ?g, MIN, <) and keeps its path (STRSTARTS(STR(?g), …)).
 */
const CONTENT_MARK = '#sha256-';
const contentGraphIri = (fileIri: string, hash: string) => `${fileIri}${CONTENT_MARK}${hash}`;

/** Response headers accepted from the engine: Virtuoso's grow with the files (see postForm). */
const MAX_ENGINE_HEADERS = 64 * 2 ** 20;

/**
 * POSTs a form to the engine's query endpoint. Not with fetch: Virtuoso echoes every named-graph-uri back as an
 * X-SPARQL-named-graph response header, one per file, past the 16 KB of headers fetch (undici) accepts
 * ("Headers Overflow", from about 150 files); node:http takes a larger limit. The echoes are dropped.
 */
function postForm(url: string, form: URLSearchParams, accept: string, signal: AbortSignal): Promise<Response> {
  const target = new URL(url);
  const body = form.toString();
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/x-www-form-urlencoded', accept, 'content-length': String(Buffer.byteLength(body)) };
    const req = send(target, { method: 'POST', signal, maxHeaderSize: MAX_ENGINE_HEADERS, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const kept = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined && !name.startsWith('x-sparql-')) kept.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        const status = res.statusCode ?? 502;
        resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers: kept }));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

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

/** Each file's graph in the engine is named by its content: a file's IRI maps to one, and back. */
interface FileGraphs {
  toContent: Map<string, string>;
  toFile: Map<string, string>;
}

/** What one served graph reads in the engine, and what DESCRIBE reads here. */
interface Served {
  graph: Graph;
  union: string;
  files: FileGraphs;
  fragments: FragmentIndex;
}

/**
 * The content graph of each file: named by a hash of the file's name, text and base, so that a changed file
 * gets a new graph beside the old one (queries under way, and replicas not yet reloaded, keep reading the old),
 * and an unchanged file keeps its graph across reloads, restarts and replicas.
 */
function fileGraphs(graph: Graph): FileGraphs {
  const toContent = new Map<string, string>();
  const toFile = new Map<string, string>();
  for (const source of graph.sources) {
    const hash = createHash('sha256').update(source.graph.value).update('\n').update(source.entity ?? graph.baseIri).update('\n').update(source.text).digest('base64url');
    const content = contentGraphIri(source.graph.value, hash);
    toContent.set(source.graph.value, content);
    toFile.set(content, source.graph.value);
  }
  return { toContent, toFile };
}

/** A term of an answer with a content graph's name given back as its file's. */
function fromContent(term: Term, files: FileGraphs): Term {
  const file = term.termType === 'NamedNode' ? files.toFile.get(term.value) : undefined;
  return file ? DataFactory.namedNode(file) : term;
}

/**
 * The algebra's own term factory (query.ts): the generator reads a term's fields, and an n3 term keeps its
 * value behind a getter, which it does not see (a GRAPH <iri> turned into the default graph).
 */
const ALGEBRA_TERMS = new RdfDataFactory();

/**
 * The algebra as the engine gets it, a copy: IRIs renamed by `to` (told whether the IRI names a graph, as in
 * GRAPH <…>), graphs made explicit (explicitGraphs) and each graph operation passed through `restrict`. Terms
 * are immutable and shared, so only the nodes on the way to a change would need copying; copying every node keeps
 * it simple, and a query is small.
 */
function forEngine<T>(node: T, to: (iri: string, graph: boolean) => string | undefined, restrict: GraphRestriction, seen = new Map<object, unknown>(), graph = false): T {
  if (!node || typeof node !== 'object') return node;
  if (seen.has(node)) return seen.get(node) as T;
  if (Array.isArray(node)) {
    const out: unknown[] = [];
    seen.set(node, out);
    for (const item of node) out.push(forEngine(item, to, restrict, seen));
    return out as T;
  }
  const term = node as { termType?: string; value?: string; type?: string };
  if (term.termType === 'NamedNode') {
    const mapped = to(term.value!, graph);
    return (mapped ? ALGEBRA_TERMS.namedNode(mapped) : node) as T;
  }
  if (term.termType && term.termType !== 'Quad') return node;
  // Operations, and triple patterns (quads with an operation type): own fields, copied.
  const copy = Object.create(Object.getPrototypeOf(node)) as Record<string, unknown>;
  seen.set(node, copy);
  // Inside GRAPH, the default graph is that graph, never the union.
  const inner = term.type === 'service' ? AS_WRITTEN : term.type === 'graph' ? { graph: restrict.graph } : restrict;
  for (const [key, value] of Object.entries(node)) copy[key] = forEngine(value, to, inner, seen, key === 'graph' || (key === 'name' && term.type === 'graph'));
  return explicitGraphs(copy, restrict) as T;
}

/**
 * What becomes of each graph operation on its way to the engine (graph-members.ts), and the graph that
 * default-graph patterns read when the request names no dataset (see forward).
 */
interface GraphRestriction {
  graph: (op: Record<string, unknown>) => Record<string, unknown>;
  defaultGraph?: RdfQuad['graph'];
}

/** No restriction: queries without a graph variable, and inside SERVICE, whose graphs are the remote endpoint's. */
const AS_WRITTEN: GraphRestriction = { graph: (op) => op };

const isNamed = (g: unknown) => Boolean(g) && (g as Term).termType !== 'DefaultGraph';

/** A pattern or path in the default graph, its own fields otherwise the same. */
function inDefaultGraph(op: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(Object.getPrototypeOf(op)) as object, op, { graph: ALGEBRA_TERMS.defaultGraph() });
}

/**
 * The algebra keeps GRAPH as the fourth term of each pattern (quads); the text generator (traqula's toAst)
 * turns them back into GRAPH blocks, but drops the block when it would sit right under ASK, CONSTRUCT,
 * DESCRIBE or FROM: `ASK { GRAPH ?g { ?s ?p ?o } }` went out as `ASK { ?s ?p ?o }` (docs/comunica-faults.md).
 * Patterns and paths in a named graph become explicit graph operations here, which it writes as they are.
 */
function explicitGraphs(op: Record<string, unknown>, restrict: GraphRestriction): Record<string, unknown> {
  const graphOf = (g: unknown) => (isNamed(g) ? (g as Term) : ((restrict.defaultGraph as Term | undefined) ?? (g as Term)));
  if (op.type === 'graph') return restrict.graph(op);
  if (op.type === 'path' && isNamed(graphOf(op.graph))) return restrict.graph({ type: 'graph', name: graphOf(op.graph), input: inDefaultGraph(op) });
  if (op.type !== 'bgp') return op;
  const patterns = op.patterns as Array<Record<string, unknown>>;
  if (!patterns.some((p) => isNamed(graphOf(p.graph)))) return op;
  // Consecutive patterns of the same graph stay one group; a BGP is the join of its patterns in any grouping.
  const parts: Array<{ graph: Term; patterns: Array<Record<string, unknown>> }> = [];
  for (const pattern of patterns) {
    const graph = graphOf(pattern.graph);
    const last = parts[parts.length - 1];
    if (last?.graph.equals(graph)) last.patterns.push(pattern);
    else parts.push({ graph, patterns: [pattern] });
  }
  const operations = parts.map(({ graph, patterns: group }) => isNamed(graph)
    ? restrict.graph({ type: 'graph', name: graph, input: { type: 'bgp', patterns: group.map(inDefaultGraph) } })
    : { type: 'bgp', patterns: group });
  return operations.length === 1 ? operations[0] : { type: 'join', input: operations };
}

/**
 * The named graphs a query reads: 'all' when a GRAPH has a variable (then kept to the files by the members
 * join, see forward), those it names when they are all IRIs, none without GRAPH.
 */
function namedGraphsOf(algebra: AlgebraNode): 'all' | Set<string> | undefined {
  const named = new Set<string>();
  let all = false;
  walkAlgebra(algebra, (node) => {
    for (const g of [node.type === 'graph' ? node.name : undefined, node.graph] as Array<Term | undefined>) {
      if (g?.termType === 'Variable') all = true;
      else if (g?.termType === 'NamedNode') named.add(g.value);
    }
  });
  return all ? 'all' : named.size ? named : undefined;
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
  let running = 0;
  let closed = false;
  const queue: Task[] = [];
  const active = new Set<Task>();
  /** File graphs the engine is known to hold, by content IRI: sent by this server, or found there at start. */
  const inEngine = new Set<string>();
  // Names this server's union graphs apart from other replicas' over the same engine.
  const replica = randomBytes(6).toString('hex');
  let loads = 0;
  /** Queries under way on each served graph: a union is dropped only once nothing runs on it. */
  const users = new Map<Served, number>();
  const retired = new Map<Served, () => void>();
  /**
   * A SELECT this server asks for itself (over all of the engine's graphs, not a client's query): rows of
   * variable → value. An answer the engine cut at its own limit (Virtuoso's X-SQL-State) is refused like an
   * error, never taken as whole.
   */
  async function selectOwn(query: string): Promise<Array<Record<string, string>>> {
    const response = await postForm(engine.queryUrl, new URLSearchParams({ query }), 'application/sparql-results+json', AbortSignal.timeout(options.timeoutMs));
    if (!response.ok || response.headers.get('x-sql-state')) throw new Error(`the SPARQL engine did not answer a query whole: ${response.status} ${plainText(await response.text(), response).slice(0, 300)}`);
    const json = (await response.json()) as { results: { bindings: Array<Record<string, JsonTerm>> } };
    return json.results.bindings.map((row) => Object.fromEntries(Object.entries(row).map(([name, term]) => [name, term.value])));
  }

  const leases = createLeases(graph.baseIri, replica, {
    select: selectOwn,
    put: replaceGraph,
    remove: (graphs) => eachAtOnce(graphs, uploads, (graphIri) => store('DELETE', graphIri)),
  }, { contentMark: CONTENT_MARK });

  function dispatch(): void {
    while (!closed && running < options.concurrency && queue.length) {
      const task = queue.shift()!;
      running++;
      active.add(task);
      void task.run().finally(() => {
        active.delete(task);
        running--;
        dispatch();
      });
    }
  }

  function use(on: Served): () => void {
    users.set(on, (users.get(on) ?? 0) + 1);
    return () => {
      const left = users.get(on)! - 1;
      if (left > 0) return void users.set(on, left);
      users.delete(on);
      retired.get(on)?.();
      retired.delete(on);
    };
  }

  async function store(method: 'PUT' | 'POST' | 'DELETE', graphIri: string, body?: string): Promise<void> {
    const url = `${engine.storeUrl}${engine.storeUrl.includes('?') ? '&' : '?'}graph=${encodeURIComponent(graphIri)}`;
    const send = () => authFetch(url, { method, body, headers: body === undefined ? {} : { 'content-type': 'application/n-triples' } }, engine.user, engine.password);
    // Once more after a connection the engine closed (Virtuoso may, with several writes under way): every write
    // here may be repeated (PUT and DELETE are idempotent, and a POST adds triples the graph already holds).
    // Virtuoso may also give up a write that deadlocked with another (SQL state 40001), or one that raced another
    // to add the same new language tag or datatype to its dictionary (SR197 on DB.DBA.RDF_LANGUAGE or
    // RDF_DATATYPE): a little later, again; by then the other write has added it.
    let response = await send().catch(() => send());
    let text = await response.text();
    for (let wait = 100; wait <= 1_600 && response.status >= 500 && RETRIED_WRITE.test(text); wait *= 2) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      response = await send().catch(() => send());
      text = await response.text();
    }
    if (!response.ok && !(method === 'DELETE' && response.status === 404)) {
      throw new Error(`the SPARQL engine's graph store refused ${method} <${graphIri}>: ${response.status} ${plainText(text, response).slice(0, 300)}`);
    }
  }

  /**
   * The content graphs in the engine (this server's, other replicas', earlier runs'), read at each load once this
   * server's lease holds what it needs: a restart or a reload sends only what is not there, and a graph another
   * server's sweep removed is sent again. When the engine cannot say, what was known before stands.
   */
  async function listContentGraphs(baseIri: string): Promise<void> {
    const files = `${baseIri}source/`;
    try {
      const rows = await selectOwn(`SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ${JSON.stringify(files)}) && CONTAINS(STR(?g), ${JSON.stringify(CONTENT_MARK)})) }`);
      inEngine.clear();
      for (const row of rows) if (row.g) inEngine.add(row.g);
    } catch {
      // What was known before stands: at worst a file is sent again under the same name.
    }
  }

  /** Sends the files whose content the engine does not hold yet, each under its content graph. */
  async function sendFiles(next: Graph, files: FileGraphs): Promise<void> {
    const missing = next.sources.filter((s) => !inEngine.has(files.toContent.get(s.graph.value)!));
    // Several requests at once: one after the other, 75,000 files took 20 minutes on Virtuoso.
    await eachAtOnce(missing, uploads, async (source) => {
      const content = files.toContent.get(source.graph.value)!;
      await store('PUT', content, nTriples(next.store.readQuads(null, null, null, source.graph)));
      inEngine.add(content);
    });
  }

  /**
   * Replaces a graph with `quads`, in parts: a whole union as one N-Triples text would be about 150 MB at 1M
   * triples. The first part creates the graph, the others add to it (Graph Store POST).
   */
  async function replaceGraph(iri: string, quads: Iterable<RdfQuad>): Promise<void> {
    let method: 'PUT' | 'POST' = 'PUT';
    for (const part of chunks(quads, GRAPH_PART)) {
      await store(method, iri, nTriples(part));
      method = 'POST';
    }
    if (method === 'PUT') await store('PUT', iri, '');
  }

  /** Sends the union of `next` as a new graph of this replica's, `iri`, and the list of its files beside it. */
  async function sendUnion(next: Graph, iri: string, files: FileGraphs): Promise<void> {
    try {
      await replaceGraph(iri, next.union.readQuads(null, null, null, null));
      await replaceGraph(membersGraphIri(iri), memberQuads(iri, files.toContent.values()));
    } catch (error) {
      await dropUnion(iri);
      throw error;
    }
  }

  /** Drops a union graph no query uses any more, and its members; a failure only leaves a graph behind, so it is logged, not thrown. */
  async function dropUnion(iri: string): Promise<void> {
    for (const graphIri of [iri, membersGraphIri(iri)]) {
      await store('DELETE', graphIri).catch((error: Error) => console.error(`could not remove the old union graph <${graphIri}> from the SPARQL engine: ${error.message}`));
    }
  }

  /** What this server reads, or is about to, in the engine: the served graph, one being loaded, one retiring. */
  const needed = new Set<Pick<Served, 'union' | 'files'>>();
  let leaseWork = Promise.resolve();

  /**
   * Writes this server's lease (what `needed` holds now), then, when asked, sweeps the engine of what no live
   * server holds. One at a time, in order. Never throws: a failure leaves graphs behind until the next sweep.
   */
  function updateLease(sweep: boolean): Promise<void> {
    leaseWork = leaseWork
      .then(async () => {
        await leases.hold([...needed].flatMap((on) => [on.union, membersGraphIri(on.union), ...on.files.toContent.values()]));
        if (sweep) for (const gone of await leases.sweep()) inEngine.delete(gone);
      })
      .catch((error: Error) => console.error(`could not update this server's lease in the SPARQL engine: ${error.message}`));
    return leaseWork;
  }

  /** Everything a graph needs in the engine, sent while the current one keeps answering; held before it is sent. */
  async function load(next: Graph): Promise<Served> {
    const files = fileGraphs(next);
    const union = unionGraphIri(next.baseIri, replica, ++loads);
    const loading = { union, files };
    needed.add(loading);
    try {
      await updateLease(false);
      await listContentGraphs(next.baseIri);
      await sendFiles(next, files);
      await sendUnion(next, union, files);
    } catch (error) {
      needed.delete(loading);
      throw error;
    }
    needed.delete(loading);
    const ready: Served = { graph: next, union, files, fragments: fragmentIndex(next.union) };
    needed.add(ready);
    return ready;
  }

  /** Forwards a query (text made from the checked algebra) and returns the engine's response body. */
  async function forward(algebra: AlgebraNode, accept: string, signal: AbortSignal, on: Served): Promise<string> {
    // The files' names become their content graphs' in the query (GRAPH, FROM, VALUES, FILTER alike);
    // answers get the files' names back (see fromContent).
    // A GRAPH <IRI> that names no file names a graph that is not there: Virtuoso would read its own graph of
    // that name whatever the named-graph-uri say.
    const none = `${on.graph.baseIri}graph/none`;
    const graphs = namedGraphsOf(algebra);
    const own = algebra.type !== 'from';
    // A graph variable keeps to this union's files by a join with its members graph (graph-members.ts), and
    // such a query goes with no dataset at all: an engine's default dataset offers every graph it has as named
    // (Virtuoso's system graphs and other replicas' too, which the join leaves out), and the default graph's
    // patterns read GRAPH <union>. Listing the files as named-graph-uri instead grows with them (~94,000 at
    // 1M triples), and Virtuoso, given any dataset, ignores it for a graph variable that VALUES or BIND fixes
    // and drops a graph from a long list (docs/virtuoso-faults.md §4 and §5).
    const variable = graphs === 'all';
    const restrict: GraphRestriction = variable
      ? { graph: (op) => restrictGraph(op, on.union, ALGEBRA_TERMS), defaultGraph: own ? ALGEBRA_TERMS.namedNode(on.union) : undefined }
      : AS_WRITTEN;
    const sent = forEngine(algebra, (iri, graph) => on.files.toContent.get(iri) ?? (graph ? none : undefined), restrict) as AlgebraNode;
    // A query's own FROM NAMED (checked to be our files) must also name the members graph for the join to read it.
    if (sent.type === 'from' && variable) sent.named = [...(sent.named as Term[]), ALGEBRA_TERMS.namedNode(membersGraphIri(on.union))];
    const text = generator.generate(plainStrings(toAst(sent as never)) as never);
    const form = new URLSearchParams({ query: `BASE <${on.graph.baseIri}>\n${text}` });
    // Our dataset, unless the query names its own (FROM) or has a graph variable (above).
    if (own && !variable) {
      form.append('default-graph-uri', on.union);
      // Named graphs matter only to a query that uses GRAPH. An IRI that names no file names no graph here,
      // as in process: it is left out rather than let through to the engine's own graphs.
      if (graphs) {
        const contents = [...graphs].flatMap((iri) => on.files.toContent.get(iri) ?? []);
        for (const g of contents.length ? contents : [none]) form.append('named-graph-uri', g);
      }
    }
    const response = await postForm(engine.queryUrl, form, accept, signal);
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

  async function select(algebra: AlgebraNode, max: number, signal: AbortSignal, on: Served): Promise<{ variables: string[]; rows: Row[]; truncated: boolean }> {
    const body = await forward(algebra, 'application/sparql-results+json', signal, on);
    const json = JSON.parse(body) as { head: { vars?: string[] }; results: { bindings: Record<string, JsonTerm>[] } };
    const variables = projected(algebra) ?? json.head.vars ?? [];
    const bindings = json.results.bindings;
    const rows = bindings.slice(0, max).map((b) => {
      const row: Row = new Map();
      for (const v of variables) if (b[v]) row.set(v, fromContent(termOf(b[v]), on.files));
      return row;
    });
    return { variables, rows, truncated: bindings.length > max };
  }

  async function execute(job: QueryJob & { parsed: ParsedQuery }, signal: AbortSignal, on: Served): Promise<QueryAnswer> {
    const algebra = withDataset(job.parsed, job.dataset);
    const type = job.mediaType;
    const withCharset = contentTypeOf(type);
    const { baseIri } = on.graph;
    const prefixes = { ...PREFIXES, ...entityPrefixes(baseIri) };
    switch (job.parsed.form) {
      case 'select': {
        const r = await select(algebra, job.maxResults, signal, on);
        return { contentType: withCharset, body: writeBindings(r.variables, r.rows, type), truncated: r.truncated, count: r.rows.length };
      }
      case 'ask': {
        const json = JSON.parse(await forward(algebra, 'application/sparql-results+json', signal, on)) as { boolean: boolean | string };
        return { contentType: withCharset, body: writeBoolean(json.boolean === true || json.boolean === 'true', type), truncated: false, count: 1 };
      }
      case 'construct': {
        const body = await forward(algebra, 'application/n-triples', signal, on);
        const quads = new N3Parser({ format: 'N-Triples' }).parse(body);
        const kept = quads.slice(0, job.maxResults).map((q) => DataFactory.quad(fromContent(q.subject, on.files) as Quad['subject'], q.predicate, fromContent(q.object, on.files) as Quad['object']));
        return { contentType: withCharset, body: await serializeQuads(kept, type, { prefixes, baseIri }), truncated: quads.length > kept.length, count: kept.length };
      }
      default: {
        // DESCRIBE: the engine binds the variables; the description comes from the files, as dereferencing.
        const { iris, select: binding } = describeParts(algebra);
        if (binding) for (const row of (await select(binding, job.maxResults, signal, on)).rows) for (const t of row.values()) if (t.termType === 'NamedNode') iris.add(t.value);
        const out: Quad[] = [];
        for (const iri of iris) out.push(...describe(on.graph.union, iri, on.fragments));
        const kept = out.slice(0, job.maxResults);
        return { contentType: withCharset, body: await serializeQuads(kept, type, { prefixes, baseIri }), truncated: out.length > kept.length, count: kept.length };
      }
    }
  }

  let served: Served;
  try {
    served = await load(graph);
  } catch (error) {
    leases.stop();
    throw error;
  }
  void updateLease(true);

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
            // The whole query runs on the graph served when it starts, even across a switch.
            const startedOn = generation;
            const release = use(served);
            try {
              const answer = await execute(job, controller.signal, served);
              if (!settled) resolve({ ...answer, generation: startedOn });
            } catch (error) {
              if (!settled) reject(error instanceof Error && error.name === 'AbortError' ? new QueryTimeoutError(options.timeoutMs) : error);
            } finally {
              settled = true;
              clearTimeout(timer);
              release();
            }
          },
        };
        queue.push(task);
        dispatch();
      });
    },
    async prepare(next): Promise<PreparedSwitch> {
      // The next graph goes in beside the current one, which keeps answering: its changed files under new
      // content graphs, its union under a new name. Nothing the current graph reads is touched.
      const current = served;
      const ready = await load(next);
      return {
        commit() {
          served = ready;
          generation++;
          // Queries under way keep the previous union and files until they end; then they go.
          const done = () => {
            needed.delete(current);
            void dropUnion(current.union);
            void updateLease(true);
          };
          if (users.has(current)) retired.set(current, done);
          else done();
        },
        // Another part of the reload failed: only the new union is this graph's own. The new content graphs
        // stay until a sweep finds that no server holds them (a retry with the same files finds them there).
        abandon: async () => {
          needed.delete(ready);
          await dropUnion(ready.union);
          await updateLease(false);
        },
      };
    },
    get generation() {
      return generation;
    },
    async close() {
      closed = true;
      for (const task of [...queue, ...active]) task.fail(new PoolClosedError());
      // This replica's union and lease are of no use to anyone once it stops; a stop is bounded, so it is not
      // waited for long (what is left, the next sweep of another server removes once the lease has expired).
      const stopped = Promise.all([dropUnion(served.union), leases.close().catch(() => {})]);
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    },
  };
}
