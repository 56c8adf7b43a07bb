// **execute** runs one query over the source with Comunica and writes the answer in the negotiated type.
// It runs inside a query worker (see worker.ts), so that the main thread never waits on a query;
// the benchmark and the tests can also call it directly.
import { QueryEngine } from '@comunica/query-sparql';
import type { Quad, Term } from 'n3';
import { DataFactory } from 'n3';
import { describe, fragmentIndex, type FragmentIndex } from '../graph/describe.js';
import { serializeQuads } from '../rdf/serialize.js';
import { describeParts, parseQuery, withDataset, type AlgebraNode, type Dataset } from './query.js';
import { contentTypeOf, writeBindings, writeBoolean, type Row } from './results.js';
import type { UnionQuadSource } from './quad-source.js';
import { LocalQuerySource, localQuery, localSourceApplies } from './local/local-source.js';
// For its effect: SPARQL's code-point string order inside Comunica.
import './codepoint-order.js';

export interface QueryJob {
  query: string;
  mediaType: string;
  dataset?: Dataset;
  /** Rows (SELECT) or triples (CONSTRUCT, DESCRIBE) at most; the answer says when it was cut. */
  maxResults: number;
}

export interface QueryAnswer {
  contentType: string;
  body: string;
  /** Set when maxResults cut the answer. */
  truncated: boolean;
  count: number;
}

export interface Executor {
  run(job: QueryJob): Promise<QueryAnswer>;
}

/** Refuses every request Comunica would send: no user query may make this server fetch anything. */
const refuseFetch: typeof fetch = async (input) => {
  throw new Error(`outbound request refused: ${typeof input === 'string' ? input : (input as URL).toString()}`);
};

export interface ExecutorOptions {
  baseIri: string;
  prefixes: Record<string, string>;
  /** SERVICE endpoints a query may call (already checked by checkAccess); empty by default. */
  allowedServices?: ReadonlySet<string>;
  /** Graph patterns run in the local evaluator (local/); false runs everything in Comunica, as a reference. */
  localEvaluation?: boolean;
}

/** Reads at most `max` items, and stops the engine's stream once it knows there are more. */
async function take<T, U>(stream: AsyncIterable<T> & { destroy(): void }, max: number, map: (item: T) => U): Promise<{ items: U[]; truncated: boolean }> {
  const items: U[] = [];
  for await (const item of stream) {
    if (items.length >= max) {
      stream.destroy();
      return { items, truncated: true };
    }
    items.push(map(item));
  }
  return { items, truncated: false };
}

export function createExecutor(source: UnionQuadSource, options: ExecutorOptions): Executor {
  const engine = new QueryEngine();
  const fragments: FragmentIndex = fragmentIndex(source.union);
  const allowed = options.allowedServices ?? new Set<string>();
  // Allow-listed services only: everything else is refused here too, in case a query slips past checkAccess.
  const guardedFetch: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    return [...allowed].some((s) => url === s || url.startsWith(`${s}?`)) ? fetch(input, init) : refuseFetch(input, init);
  };
  const common = { baseIRI: options.baseIri, fetch: guardedFetch, lenient: false };
  const plain = { ...common, sources: [source] };
  const local = new LocalQuerySource(source);
  /**
   * Runs a query over the local source (already identified, so Comunica skips identification) with the shape
   * of what it can answer in this query; or, for what it cannot (FROM, SERVICE, RDF-star), over the plain store.
   */
  const query = (algebra: AlgebraNode) => {
    if (options.localEvaluation === false || !localSourceApplies(algebra)) return engine.query(algebra as never, plain as never);
    const prepared = localQuery(algebra, local);
    return engine.query(prepared.algebra as never, { ...common, ...prepared.context } as never);
  };

  async function rows(algebra: AlgebraNode, max: number): Promise<{ variables: string[]; rows: Row[]; truncated: boolean }> {
    const result = await query(algebra);
    if (result.resultType !== 'bindings') throw new Error('expected bindings');
    // Typed as RDF/JS variables, but Comunica 5 gives { variable, canBeUndef } records.
    const variables = ((await result.metadata()).variables as unknown as Array<{ variable?: Term; value?: string }>).map((v) => v.variable?.value ?? v.value ?? '');
    const taken = await take(await result.execute(), max, (bindings) => {
      const row: Row = new Map();
      for (const [variable, term] of bindings) row.set(variable.value, term as Term);
      return row;
    });
    return { variables, rows: taken.items, truncated: taken.truncated };
  }

  async function quads(algebra: AlgebraNode, max: number): Promise<{ quads: Quad[]; truncated: boolean }> {
    const result = await query(algebra);
    if (result.resultType !== 'quads') throw new Error('expected quads');
    const taken = await take(await result.execute(), max, (q) => DataFactory.quad(q.subject as Quad['subject'], q.predicate as Quad['predicate'], q.object as Quad['object']));
    return { quads: taken.items, truncated: taken.truncated };
  }

  /**
   * DESCRIBE answers what dereferencing the IRI answers (describe.ts), so both always agree;
   * variables are bound by running the query's pattern first.
   */
  async function describeQuery(algebra: AlgebraNode, max: number): Promise<{ quads: Quad[]; truncated: boolean }> {
    const { iris, select } = describeParts(algebra);
    if (select) {
      const bound = await rows(select, max);
      for (const row of bound.rows) for (const term of row.values()) if (term.termType === 'NamedNode') iris.add(term.value);
    }
    const out: Quad[] = [];
    for (const iri of iris) out.push(...describe(source.union, iri, fragments));
    return out.length > max ? { quads: out.slice(0, max), truncated: true } : { quads: out, truncated: false };
  }

  return {
    async run(job) {
      const parsed = parseQuery(job.query, options.baseIri);
      const algebra = withDataset(parsed, job.dataset);
      const type = job.mediaType;
      const withCharset = contentTypeOf(type);
      switch (parsed.form) {
        case 'select': {
          const r = await rows(algebra, job.maxResults);
          return { contentType: withCharset, body: writeBindings(r.variables, r.rows, type), truncated: r.truncated, count: r.rows.length };
        }
        case 'ask': {
          const result = await query(algebra);
          if (result.resultType !== 'boolean') throw new Error('expected a boolean');
          return { contentType: withCharset, body: writeBoolean(await result.execute(), type), truncated: false, count: 1 };
        }
        default: {
          const r = parsed.form === 'describe' ? await describeQuery(algebra, job.maxResults) : await quads(algebra, job.maxResults);
          const body = await serializeQuads(r.quads, type, { prefixes: options.prefixes, baseIri: options.baseIri });
          return { contentType: withCharset, body, truncated: r.truncated, count: r.quads.length };
        }
      }
    },
  };
}
