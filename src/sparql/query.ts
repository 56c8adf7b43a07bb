// **query** parses a SPARQL query with the same parser as Comunica, tells what form it has, and checks
// what it may reach: SERVICE and FROM may only name this endpoint's own graphs or allow-listed services.
// The protocol's default-graph-uri and named-graph-uri become the query's dataset, overriding FROM.
import { Parser } from '@traqula/parser-sparql-1-2';
import { AstFactory } from '@traqula/rules-sparql-1-2';
import { toAlgebra } from '@traqula/algebra-sparql-1-2';
import { DataFactory as RdfDataFactory } from 'rdf-data-factory';

// Comunica's own term factory: n3's quads keep their terms behind getters, which the algebra's spreads drop.
const DataFactory = new RdfDataFactory();

export type QueryForm = 'select' | 'ask' | 'construct' | 'describe';

/** A query the endpoint refuses; `status` is the HTTP status to answer with. */
export class QueryError extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
    this.name = 'QueryError';
  }
}

// Algebra nodes are plain objects with a `type`; only what this module reads is typed here.
export interface AlgebraNode {
  type: string;
  [key: string]: unknown;
}

export interface ParsedQuery {
  form: QueryForm;
  algebra: AlgebraNode;
}

export interface Dataset {
  defaultGraphs: string[];
  namedGraphs: string[];
}

export interface AccessRules {
  /** Named graphs of this endpoint (one per source file). */
  localGraphs: ReadonlySet<string>;
  /** SERVICE endpoints a query may call; empty by default. */
  allowedServices: ReadonlySet<string>;
}

const parser = new Parser({ lexerConfig: { positionTracking: 'full' } });

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

function endOf(text: string): string {
  return lineAndColumn(text, text.length);
}

/** The parser's message, without its long list of expected tokens, and always with a line and column. */
function parseErrorMessage(error: Error, text: string): string {
  const atEnd = /Expecting --> (.+?) <-- but found --> '' <--/.exec(error.message);
  if (atEnd) return `syntax error at the end of the query (${endOf(text)}): expected ${atEnd[1]}; is a closing brace or parenthesis missing?`;
  const prefix = /^Unknown prefix: (\S*)/.exec(error.message);
  if (prefix) {
    const use = new RegExp(`(^|[^\\w:])${prefix[1].replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}:`).exec(text);
    const where = use ? ` at ${lineAndColumn(text, use.index + use[1].length)}` : '';
    return `unknown prefix "${prefix[1]}:"${where}; declare it with PREFIX ${prefix[1]}: <…> before the query`;
  }
  const offset = /at offset: (\d+)/.exec(error.message);
  if (offset) return `syntax error at ${lineAndColumn(text, Number(offset[1]))}: ${error.message.split(',')[0]}`;
  const lines = error.message.split('\n');
  const found = lines.find((l) => l.startsWith('but found:'));
  const where = /on line (\d+)/.exec(lines[0]);
  const pointer = lines.findIndex((l) => /^-*\^$/.test(l));
  const column = pointer >= 0 ? lines[pointer].length : undefined;
  if (where) return `syntax error on line ${where[1]}${column ? `, column ${column}` : ''}${found ? ` (${found})` : ''}`;
  return lines.filter((l) => !l.startsWith('Expecting') && !l.startsWith('  <')).join(' ').trim();
}

/** Groups, parentheses and brackets nested deeper than this are refused before parsing. */
export const MAX_NESTING = 64;

/**
 * The deepest nesting of { ( [ in a query, outside strings, IRIs and comments: the parser and the engine
 * recurse once per level, and a query nested thousands deep would exhaust the stack.
 */
function checkNesting(text: string): void {
  let depth = 0;
  let deepest = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const long = text.startsWith(c.repeat(3), i);
      const end = long ? c.repeat(3) : c;
      for (i += end.length; i < text.length && !text.startsWith(end, i); i++) if (text[i] === '\\') i++;
      i += end.length - 1;
    } else if (c === '{' || c === '(' || c === '[') {
      if (++depth > deepest) (deepest = depth), (at = i);
    } else if (c === '}' || c === ')' || c === ']') {
      depth = Math.max(0, depth - 1);
    }
  }
  if (deepest > MAX_NESTING) {
    throw new QueryError(`the query nests groups, parentheses or brackets ${deepest} levels deep (at ${lineAndColumn(text, at)}); this endpoint accepts at most ${MAX_NESTING}: flatten it`);
  }
}

/** The variables of a query in the order they first appear in its text (for SELECT *). */
function appearanceOrder(ast: unknown): Map<string, number> {
  const first = new Map<string, number>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as { type?: string; subType?: string; value?: unknown; loc?: { start?: number } };
    if (n.type === 'term' && n.subType === 'variable' && typeof n.value === 'string') {
      const start = n.loc?.start ?? Number.MAX_SAFE_INTEGER;
      if (!(first.get(n.value)! <= start)) first.set(n.value, start);
    }
    for (const value of Object.values(n)) visit(value);
  };
  visit(ast);
  return first;
}

/** SELECT * lists its columns in the order the variables appear, as the recommendation says; the algebra sorts them. */
function orderWildcard(algebra: AlgebraNode, ast: { variables?: Array<{ type?: string }> }): void {
  if (!ast.variables?.some((v) => v.type === 'wildcard')) return;
  let node: AlgebraNode | undefined = algebra;
  while (node && node.type !== 'project') node = node.input as AlgebraNode | undefined;
  if (!node) return;
  const order = appearanceOrder((ast as { where?: unknown }).where ?? ast);
  const rank = (v: { value: string }) => order.get(v.value) ?? Number.MAX_SAFE_INTEGER;
  (node.variables as Array<{ value: string }>).sort((a, b) => rank(a) - rank(b) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

export function parseQuery(text: string, baseIri: string): ParsedQuery {
  checkNesting(text);
  let ast: { type: string; subType?: string };
  try {
    // A base IRI lets CONSTRUCT templates and DESCRIBE use relative IRIs, resolved against the endpoint's base.
    ast = parser.parse(text, { astFactory: new AstFactory(), baseIRI: baseIri } as never) as typeof ast;
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep();
    throw new QueryError(parseErrorMessage(error as Error, text));
  }
  if (ast.type === 'update') {
    throw new QueryError('this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR…) is not accepted', 400);
  }
  let algebra: AlgebraNode;
  try {
    algebra = toAlgebra(ast as never, { quads: true, blankToVariable: true, baseIRI: baseIri, dataFactory: DataFactory } as never) as unknown as AlgebraNode;
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep();
    throw new QueryError((error as Error).message);
  }
  const form = ast.subType as QueryForm;
  if (!['select', 'ask', 'construct', 'describe'].includes(form)) throw new QueryError(`unsupported query form ${ast.subType}`);
  if (form === 'select') orderWildcard(algebra, ast as never);
  return { form, algebra };
}

/** The stack ran out (a long chain of operators rather than nesting): refused as too deep, never a crash. */
export function tooDeep(): QueryError {
  return new QueryError(`the query is nested or chained too deeply for this endpoint to evaluate; flatten it (at most ${MAX_NESTING} levels of groups or parentheses)`);
}

/**
 * Visits every algebra node, wherever it sits: operators, expressions (FILTER EXISTS holds a whole pattern),
 * lists. Walking every property rather than known ones keeps a SERVICE from hiding in a new kind of node.
 */
export function walkAlgebra(node: unknown, visit: (node: AlgebraNode) => void, seen = new Set<unknown>()): void {
  if (!node || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) return node.forEach((n) => walkAlgebra(n, visit, seen));
  // RDF terms hold no operations; a triple pattern is both a quad and an operation.
  if ('termType' in node && !('type' in node)) return;
  const n = node as AlgebraNode;
  if (typeof n.type === 'string') visit(n);
  for (const value of Object.values(n)) walkAlgebra(value, visit, seen);
}

/**
 * Refuses what would make the server fetch from elsewhere: Comunica dereferences any SERVICE IRI, even
 * SILENT or inside OPTIONAL, and FROM IRIs it does not hold.
 */
export function checkAccess(query: ParsedQuery, rules: AccessRules): void {
  walkAlgebra(query.algebra, (node) => {
    if (node.type === 'service') {
      const name = node.name as { termType: string; value: string };
      if (name.termType !== 'NamedNode') {
        throw new QueryError(`SERVICE ?${name.value} is not allowed: the endpoint must know which server a query calls`);
      }
      if (!rules.allowedServices.has(name.value)) {
        const allowed = [...rules.allowedServices].map((s) => `<${s}>`).join(', ') || 'none';
        throw new QueryError(`SERVICE <${name.value}> is not allowed: this endpoint does not send requests to other servers unless they are allow-listed (allowed: ${allowed})`);
      }
    }
    if (node.type === 'from') checkGraphs([...(node.default as Term[]), ...(node.named as Term[])].map((t) => t.value), rules, 'FROM');
  });
}

interface Term {
  value: string;
}

export function checkGraphs(graphs: string[], rules: AccessRules, what: string): void {
  for (const graph of graphs) {
    if (!rules.localGraphs.has(graph)) {
      throw new QueryError(`${what} <${graph}> is not a graph of this endpoint, which does not fetch remote data; its named graphs are its source files (see the service description at GET /sparql)`);
    }
  }
}

/**
 * A DESCRIBE's parts: the IRIs it names, and, when it names variables, the SELECT that binds them, under
 * what sat above the describe node (FROM, and LIMIT/OFFSET, which apply to the pattern's solutions).
 */
export function describeParts(algebra: AlgebraNode): { iris: Set<string>; select?: AlgebraNode } {
  const above: AlgebraNode[] = [];
  let node = algebra;
  while (node.type !== 'describe') {
    above.push(node);
    node = node.input as AlgebraNode;
  }
  const terms = node.terms as Array<{ termType: string; value: string }>;
  const iris = new Set(terms.filter((t) => t.termType === 'NamedNode').map((t) => t.value));
  const variables = terms.filter((t) => t.termType === 'Variable');
  if (!variables.length) return { iris };
  let select: AlgebraNode = { type: 'project', input: node.input, variables };
  for (const wrapper of above.reverse()) select = { ...wrapper, input: select };
  return { iris, select };
}

/** Applies the protocol's dataset (default-graph-uri, named-graph-uri), which replaces any FROM of the query. */
export function withDataset(query: ParsedQuery, dataset: Dataset | undefined): AlgebraNode {
  if (!dataset || (!dataset.defaultGraphs.length && !dataset.namedGraphs.length)) return query.algebra;
  const inner = query.algebra.type === 'from' ? (query.algebra.input as AlgebraNode) : query.algebra;
  return {
    type: 'from',
    input: inner,
    default: dataset.defaultGraphs.map((g) => DataFactory.namedNode(g)),
    named: dataset.namedGraphs.map((g) => DataFactory.namedNode(g)),
  };
}
