// **evaluate** answers the graph-pattern part of a query (basic graph patterns, joins, OPTIONAL, UNION,
// FILTER with the expressions of expressions.ts, GROUP BY variables with COUNT aggregates, and property paths
// but negated sets) directly on the n3 indexes, lazily, as index nested-loop joins ordered by their estimated
// intermediate results.
//
// Why: Comunica plans and runs every triple pattern as a separate operation through its actors; on an
// in-memory store that overhead, not the lookups, was most of each query's time (#3). Comunica still runs
// everything else (projection, ORDER BY, other aggregates and expressions, BIND, VALUES, MINUS, the result
// forms) and hands us only the operations the source's shape accepts (`acceptedTypes` in local-source.ts).
//
// Semantics: SPARQL 1.1 bag semantics. A sub-operation is evaluated with the values already found substituted
// in, but only for variables that it always binds ("certain" variables): substituting a variable that a
// nested OPTIONAL or a UNION branch may leave unbound would change the answer of non-well-designed patterns,
// so those are checked for compatibility afterwards instead. A FILTER never sees variables from outside its
// group (they are out of scope, hence unbound).
import type { Quad, Term, Variable } from '@rdfjs/types';
import { DataFactory } from 'rdf-data-factory';
import type { Store } from 'n3';
import { termKey } from '../../rdf/term-key.js';
import type { AlgebraNode } from '../query.js';
import type { UnionQuadSource } from '../quad-source.js';
import { evaluateFilter, supportsExpression, type Solution } from './expressions.js';

type Op = AlgebraNode;
interface PathOp extends Op {
  subject: Term;
  predicate: Op;
  object: Term;
  graph: Term;
}
interface Ends {
  /** Whether the subject (object) was a constant of the query, not a value found for a variable. */
  s: boolean;
  o: boolean;
}
interface Aggregate {
  aggregator: string;
  distinct: boolean;
  expression: { subType: string; term?: Term };
  variable: Variable;
}
interface Pattern extends Op {
  subject: Term;
  predicate: Term;
  object: Term;
  graph: Term;
}
const POSITIONS = ['subject', 'predicate', 'object', 'graph'] as const;
const PATH_TYPES = new Set(['link', 'inv', 'seq', 'alt', 'ZeroOrMorePath', 'OneOrMorePath', 'ZeroOrOnePath']);
const NOT_CONSTANT: Ends = { s: false, o: false };

/** Bound on the remembered pattern counts (a few MB at most). */
const MAX_COUNTS = 20_000;
/** Guess of a property path's solutions from one end: paths follow hierarchies (territories, themes). */
const PATH_FANOUT = 20;
/** Up to this many operands, joins are ordered exactly (2^n subsets). */
const MAX_EXACT_PLAN = 8;

const factory = new DataFactory();
const XSD_INTEGER = factory.namedNode('http://www.w3.org/2001/XMLSchema#integer');

const isVariable = (t: Term) => t.termType === 'Variable';
/** The operations an operation is made of (a BGP's patterns, a join's operands, a filter's input…). */
export const children = (op: Op): Op[] => (op.type === 'bgp' ? (op.patterns as Op[]) : Array.isArray(op.input) ? (op.input as Op[]) : op.input ? [op.input as Op] : []);

function supportsPath(path: Op): boolean {
  if (!PATH_TYPES.has(path.type)) return false;
  if (path.type === 'link') return true;
  return (path.path ? [path.path as Op] : (path.input as Op[])).every(supportsPath);
}

/** Whether this node alone (not its children) can be evaluated here; `acceptedTypes` (local-source.ts) checks a query. */
export function supportsNode(op: Op): boolean {
  switch (op.type) {
    case 'pattern':
      return POSITIONS.every((p) => (op as Pattern)[p].termType !== 'Quad');
    case 'bgp':
    case 'join':
    case 'union':
      return true;
    case 'leftjoin':
      return !op.expression || supportsExpression(op.expression as Op);
    case 'filter':
      return supportsExpression(op.expression as Op);
    case 'path': {
      const p = op as PathOp;
      return p.subject.termType !== 'Quad' && p.object.termType !== 'Quad' && supportsPath(p.predicate);
    }
    case 'group':
      // COUNT of a variable or of *, by plain variables.
      return (op.aggregates as Aggregate[]).every((a) => a.aggregator === 'count' && (a.expression.subType === 'wildcard' || a.expression.term?.termType === 'Variable'));
    default:
      return false;
  }
}

/** Variables an expression reads. */
function expressionVariables(e: Op, out = new Set<string>()): Set<string> {
  if (e.subType === 'term' && (e.term as Term).termType === 'Variable') out.add((e.term as Term).value);
  for (const arg of (e.args as Op[] | undefined) ?? []) expressionVariables(arg, out);
  return out;
}

interface Scope {
  /** Every variable the operation may bind. */
  all: Set<string>;
  /** The variables it binds in every solution. */
  certain: Set<string>;
  /** `certain`, sorted: a join's plan is keyed on those it finds already bound. */
  certainSorted: string[];
  /** The variables it may leave unbound (`all` but not `certain`). */
  maybe: string[];
}

/** Where an expression reads variables outside its group, a copy of the solution without them. */
function scoped(solution: Solution, outside: string[]): Solution {
  if (!outside.length || !outside.some((v) => v in solution)) return solution;
  const copy = { ...solution };
  for (const v of outside) delete copy[v];
  return copy;
}

export class LocalEvaluator {
  private readonly scopes = new WeakMap<Op, Scope>();
  /**
   * Pattern counts by their constant parts. The graph never changes under an evaluator (a reload builds a new
   * one), and the same few patterns (a class, a predicate, a theme) come back in query after query, while
   * counting a whole predicate walks the index: these are the statistics a store keeps, filled on demand.
   */
  private readonly counts = new Map<string, number>();
  private readonly plans = new WeakMap<Op, Map<string, Op[]>>();
  private readonly outside = new WeakMap<Op, string[]>();

  constructor(private readonly source: UnionQuadSource) {}

  /** Solutions of `op`, each extending `solution`. */
  evaluate(op: Op, solution: Solution = {}): Iterable<Solution> {
    switch (op.type) {
      case 'pattern':
        return this.pattern(op as Pattern, solution);
      case 'bgp':
      case 'join':
        return this.join(op, solution);
      case 'leftjoin':
        return this.leftJoin(op, solution);
      case 'union':
        return this.union(op, solution);
      case 'filter':
        return this.filter(op, solution);
      case 'group':
        return this.group(op, solution);
      case 'path':
        return this.path(op as PathOp, solution);
      default:
        throw new Error(`the local evaluator cannot run a '${op.type}' operation`);
    }
  }

  scope(op: Op): Scope {
    let scope = this.scopes.get(op);
    if (scope) return scope;
    const all = new Set<string>();
    const certain = new Set<string>();
    if (op.type === 'pattern' || op.type === 'path') {
      for (const p of POSITIONS) {
        if (p === 'predicate' && op.type === 'path') continue;
        const t = (op as Pattern)[p];
        if (!isVariable(t)) continue;
        all.add(t.value);
        certain.add(t.value);
      }
    } else if (op.type === 'group') {
      const input = this.scope(op.input as Op);
      for (const v of op.variables as Variable[]) {
        all.add(v.value);
        if (input.certain.has(v.value)) certain.add(v.value);
      }
      for (const a of op.aggregates as Aggregate[]) {
        all.add(a.variable.value);
        certain.add(a.variable.value);
      }
    } else {
      const inner = children(op).map((c) => this.scope(c));
      for (const s of inner) for (const v of s.all) all.add(v);
      if (op.type === 'union') {
        for (const v of inner[0]?.certain ?? []) if (inner.every((s) => s.certain.has(v))) certain.add(v);
      } else {
        for (const s of op.type === 'leftjoin' ? inner.slice(0, 1) : inner) for (const v of s.certain) certain.add(v);
      }
    }
    scope = { all, certain, certainSorted: [...certain].sort(), maybe: [...all].filter((v) => !certain.has(v)) };
    this.scopes.set(op, scope);
    return scope;
  }

  /** Estimated number of solutions, from the exact counts of the patterns' constant parts. */
  estimate(op: Op): number {
    switch (op.type) {
      case 'pattern':
        return this.count(op as Pattern);
      case 'bgp':
      case 'join':
        // An empty group has one (empty) solution.
        return children(op).length ? Math.min(...children(op).map((c) => this.estimate(c))) : 1;
      case 'union':
        return children(op).reduce((sum, c) => sum + this.estimate(c), 0);
      case 'path': {
        const p = op as PathOp;
        return isVariable(p.subject) && isVariable(p.object) ? this.source.size : PATH_FANOUT;
      }
      default:
        return this.estimate(children(op)[0]);
    }
  }

  /** Whether `estimate` is the exact number of solutions. */
  isExact(op: Op): boolean {
    if (op.type !== 'pattern') return false;
    const vars = POSITIONS.map((p) => (op as Pattern)[p]).filter(isVariable).map((t) => t.value);
    return new Set(vars).size === vars.length;
  }

  private storeFor(graph: Term): [Store, Term | null] {
    if (graph.termType === 'DefaultGraph') return [this.source.union, null];
    return [this.source.named, isVariable(graph) ? null : graph];
  }

  private count(p: Pattern): number {
    const terms = POSITIONS.map((pos) => (isVariable(p[pos]) ? null : p[pos]));
    const key = terms.map((t) => (t ? termKey(t) : '?')).join(' ');
    let n = this.counts.get(key);
    if (n === undefined) {
      const [store, g] = this.storeFor(p.graph);
      n = store.countQuads(terms[0], terms[1], terms[2], g);
      if (this.counts.size >= MAX_COUNTS) this.counts.clear();
      this.counts.set(key, n);
    }
    return n;
  }

  private *pattern(p: Pattern, solution: Solution): Generator<Solution> {
    const bound = POSITIONS.map((pos) => {
      const t = p[pos];
      return isVariable(t) ? (solution[t.value] ?? null) : t;
    });
    const [store, g] = this.storeFor(bound[3] ?? p.graph);
    const free = POSITIONS.filter((pos, i) => isVariable(p[pos]) && bound[i] === null);
    for (const quad of store.readQuads(bound[0], bound[1], bound[2], g) as Iterable<Quad>) {
      const out: Solution = { ...solution };
      let ok = true;
      for (const pos of free) {
        const name = p[pos].value;
        const term = quad[pos] as Term;
        const seen = out[name];
        if (seen === undefined) out[name] = term;
        else if (!seen.equals(term)) {
          ok = false;
          break;
        }
      }
      if (ok) yield out;
    }
  }

  /**
   * Solutions of `op` compatible with `solution`: the variables `op` always binds are substituted in;
   * those it may leave unbound are checked afterwards.
   */
  private *joined(op: Op, solution: Solution): Generator<Solution> {
    const unsafe = this.scope(op).maybe.filter((v) => v in solution);
    if (!unsafe.length) {
      yield* this.evaluate(op, solution);
      return;
    }
    const input = { ...solution };
    for (const v of unsafe) delete input[v];
    next: for (const found of this.evaluate(op, input)) {
      const out = { ...found };
      for (const v of unsafe) {
        const mine = found[v];
        if (mine === undefined) out[v] = solution[v];
        else if (!mine.equals(solution[v])) continue next;
      }
      yield out;
    }
  }

  /** Operands of a join, nested joins and BGPs flattened: the order is ours to choose. */
  private operands(op: Op): Op[] {
    return children(op).flatMap((c) => (c.type === 'join' || c.type === 'bgp' ? this.operands(c) : [c]));
  }

  /**
   * The join order with the fewest intermediate solutions, by dynamic programming over the subsets of operands
   * (a left-deep plan, as in System R); past MAX_EXACT_PLAN operands, greedily the smallest next step.
   */
  private plan(op: Op, bound: string[]): Op[] {
    const key = bound.join(' ');
    let byBound = this.plans.get(op);
    const cached = byBound?.get(key);
    if (cached) return cached;
    const operands = this.operands(op);
    const order = operands.length > MAX_EXACT_PLAN ? this.greedyOrder(operands, bound) : this.bestOrder(operands, bound);
    if (!byBound) this.plans.set(op, (byBound = new Map()));
    byBound.set(key, order);
    return order;
  }

  private bestOrder(operands: Op[], bound: string[]): Op[] {
    interface Step {
      cost: number;
      rows: number;
      order: number[];
      known: Set<string>;
    }
    const best: Array<Step | undefined> = [{ cost: 0, rows: 1, order: [], known: new Set(bound) }];
    const full = (1 << operands.length) - 1;
    for (let mask = 0; mask < full; mask++) {
      const from = best[mask];
      if (!from) continue;
      operands.forEach((operand, j) => {
        if (mask & (1 << j)) return;
        const rows = from.rows * this.fanout(operand, from.known);
        const cost = from.cost + rows;
        const next = mask | (1 << j);
        if (best[next] && best[next]!.cost <= cost) return;
        const known = new Set(from.known);
        for (const v of this.scope(operand).certain) known.add(v);
        best[next] = { cost, rows, order: [...from.order, j], known };
      });
    }
    return best[full]!.order.map((j) => operands[j]);
  }

  private greedyOrder(operands: Op[], bound: string[]): Op[] {
    const left = [...operands];
    const known = new Set(bound);
    const order: Op[] = [];
    while (left.length) {
      const fanouts = left.map((o) => this.fanout(o, known));
      const [chosen] = left.splice(fanouts.indexOf(Math.min(...fanouts)), 1);
      order.push(chosen);
      for (const v of this.scope(chosen).certain) known.add(v);
    }
    return order;
  }

  /**
   * Expected solutions of `op` per solution of what comes before it, once the variables in `known` have values:
   * a pattern's count divided by the number of distinct subjects (objects) of its predicate for each bound end.
   */
  private fanout(op: Op, known: Set<string>): number {
    switch (op.type) {
      case 'pattern': {
        const p = op as Pattern;
        const bound = (t: Term) => isVariable(t) && known.has(t.value);
        const predicate = isVariable(p.predicate) ? null : p.predicate;
        let rows = this.count(p);
        if (bound(p.subject)) rows /= Math.max(1, this.distinct('subject', predicate, p.graph));
        if (bound(p.object)) rows /= Math.max(1, this.distinct('object', predicate, p.graph));
        if (bound(p.predicate)) rows /= Math.max(1, this.distinct('predicate', null, p.graph));
        return rows;
      }
      case 'filter':
        return this.fanout(op.input as Op, known) / 2;
      case 'path': {
        const p = op as PathOp;
        const fixed = (t: Term) => !isVariable(t) || known.has(t.value);
        return fixed(p.subject) || fixed(p.object) ? PATH_FANOUT : this.source.size;
      }
      case 'union':
        return children(op).reduce((sum, c) => sum + this.fanout(c, known), 0);
      case 'leftjoin':
        return this.fanout(children(op)[0], known);
      case 'bgp':
      case 'join': {
        let rows = 1;
        const inner = new Set(known);
        for (const c of this.plan(op, this.scope(op).certainSorted.filter((v) => known.has(v)))) {
          rows *= this.fanout(c, inner);
          for (const v of this.scope(c).certain) inner.add(v);
        }
        return rows;
      }
      default:
        return this.estimate(op);
    }
  }

  /** Distinct subjects, objects or predicates of a predicate (any, when null) in a graph; remembered like the counts. */
  private distinct(position: 'subject' | 'object' | 'predicate', predicate: Term | null, graph: Term): number {
    const key = `${position} ${predicate ? termKey(predicate) : '?'} ${termKey(graph)}`;
    let n = this.counts.get(key);
    if (n === undefined) {
      const [store, g] = this.storeFor(graph);
      let found = 0;
      const counter = () => void found++;
      if (position === 'subject') store.forSubjects(counter, predicate, null, g);
      else if (position === 'object') store.forObjects(counter, null, predicate, g);
      else store.forPredicates(counter, null, null, g);
      n = found;
      if (this.counts.size >= MAX_COUNTS) this.counts.clear();
      this.counts.set(key, n);
    }
    return n;
  }

  private *join(op: Op, solution: Solution): Generator<Solution> {
    const order = this.plan(op, this.scope(op).certainSorted.filter((v) => v in solution));
    yield* this.chain(order, 0, solution);
  }

  private *chain(order: Op[], i: number, solution: Solution): Generator<Solution> {
    if (i === order.length) {
      yield solution;
      return;
    }
    for (const next of this.joined(order[i], solution)) yield* this.chain(order, i + 1, next);
  }

  /** Variables an operation's expression reads but its group does not bind: unbound when it is evaluated. */
  private outsideOf(op: Op): string[] {
    let outside = this.outside.get(op);
    if (!outside) {
      const { all } = this.scope(op);
      outside = [...expressionVariables(op.expression as Op)].filter((v) => !all.has(v));
      this.outside.set(op, outside);
    }
    return outside;
  }

  private *leftJoin(op: Op, solution: Solution): Generator<Solution> {
    const [left, right] = op.input as Op[];
    const expression = op.expression as Op | undefined;
    const outside = expression ? this.outsideOf(op) : [];
    for (const l of this.evaluate(left, solution)) {
      let matched = false;
      for (const r of this.joined(right, l)) {
        if (expression && evaluateFilter(expression, scoped(r, outside)) !== true) continue;
        matched = true;
        yield r;
      }
      if (!matched) yield l;
    }
  }

  private *union(op: Op, solution: Solution): Generator<Solution> {
    for (const branch of op.input as Op[]) yield* this.joined(branch, solution);
  }

  /**
   * GROUP BY with COUNTs: a sub-select boundary, so the input is evaluated on its own and each group is then
   * joined with `solution`. With no GROUP BY, an empty input still makes one group (COUNT = 0).
   */
  private *group(op: Op, solution: Solution): Generator<Solution> {
    const keys = (op.variables as Variable[]).map((v) => v.value);
    const aggregates = op.aggregates as Aggregate[];
    const inputVariables = [...this.scope(op.input as Op).all].sort();
    const groups = new Map<string, { key: Solution; counts: number[]; seen: Array<Set<string> | undefined> }>();
    const newGroup = (key: Solution) => ({ key, counts: aggregates.map(() => 0), seen: aggregates.map((a) => (a.distinct ? new Set<string>() : undefined)) });
    for (const s of this.evaluate(op.input as Op, {})) {
      const id = keys.map((k) => (s[k] ? termKey(s[k]) : '')).join('\u0000');
      let group = groups.get(id);
      if (!group) {
        const key: Solution = {};
        for (const k of keys) if (s[k]) key[k] = s[k];
        groups.set(id, (group = newGroup(key)));
      }
      aggregates.forEach((a, i) => {
        const term = a.expression.term;
        // COUNT(?x) counts the solutions where ?x is bound; COUNT(DISTINCT *) the distinct solutions.
        if (term && !s[term.value]) return;
        const seen = group.seen[i];
        if (seen) {
          const item = term ? termKey(s[term.value]) : inputVariables.map((v) => (s[v] ? termKey(s[v]) : '')).join('\u0000');
          if (seen.has(item)) return;
          seen.add(item);
        }
        group.counts[i]++;
      });
    }
    if (!groups.size && !keys.length) groups.set('', newGroup({}));
    next: for (const { key, counts } of groups.values()) {
      const out: Solution = { ...solution };
      const found = Object.entries(key);
      aggregates.forEach((a, i) => found.push([a.variable.value, factory.literal(String(counts[i]), XSD_INTEGER)]));
      for (const [k, term] of found) {
        if (out[k] && !out[k].equals(term)) continue next;
        out[k] = term;
      }
      yield out;
    }
  }

  private *filter(op: Op, solution: Solution): Generator<Solution> {
    const expression = op.expression as Op;
    const outside = this.outsideOf(op);
    for (const s of this.evaluate(op.input as Op, solution)) if (evaluateFilter(expression, scoped(s, outside)) === true) yield s;
  }

  // ---- property paths (SPARQL 1.1 §18.4): alternatives and sequences keep duplicates; * + and ? do not.

  private *path(op: PathOp, solution: Solution): Generator<Solution> {
    const end = (t: Term) => (isVariable(t) ? solution[t.value] : t);
    const same = isVariable(op.subject) && isVariable(op.object) && op.subject.value === op.object.value;
    const constant = { s: !isVariable(op.subject), o: !isVariable(op.object) };
    // GRAPH ?g { path }: the path is followed within each named graph in turn.
    const graphs = isVariable(op.graph) ? (solution[op.graph.value] ? [solution[op.graph.value]] : this.source.named.getGraphs(null, null, null)) : [op.graph];
    for (const graph of graphs as Term[]) {
      const [store, g] = this.storeFor(graph);
      for (const [a, b] of this.pairs(store, g, op.predicate, end(op.subject), end(op.object), constant)) {
        if (same && !a.equals(b)) continue;
        const out = { ...solution };
        if (isVariable(op.subject)) out[op.subject.value] = a;
        if (isVariable(op.object)) out[op.object.value] = b;
        if (isVariable(op.graph)) out[op.graph.value] = graph;
        yield out;
      }
    }
  }

  /** The (start, end) pairs of a path, with either end fixed when known. */
  private *pairs(store: Store, g: Term | null, path: Op, s: Term | undefined, o: Term | undefined, constant: Ends): Generator<[Term, Term]> {
    switch (path.type) {
      case 'link':
        for (const q of store.readQuads(s ?? null, path.iri as Term, o ?? null, g) as Iterable<Quad>) yield [q.subject, q.object];
        return;
      case 'inv':
        for (const [a, b] of this.pairs(store, g, path.path as Op, o, s, { s: constant.o, o: constant.s })) yield [b, a];
        return;
      case 'alt':
        for (const p of path.input as Op[]) yield* this.pairs(store, g, p, s, o, constant);
        return;
      case 'seq': {
        const [first, ...rest] = path.input as Op[];
        if (!rest.length) {
          yield* this.pairs(store, g, first, s, o, constant);
          return;
        }
        const tail: Op = rest.length === 1 ? rest[0] : { type: 'seq', input: rest };
        if (s === undefined && o !== undefined) {
          // Walk from the known end.
          for (const [m, b] of this.pairs(store, g, tail, undefined, o, { s: false, o: constant.o })) {
            for (const [a] of this.pairs(store, g, first, undefined, m, NOT_CONSTANT)) yield [a, b];
          }
          return;
        }
        for (const [a, m] of this.pairs(store, g, first, s, undefined, { s: constant.s, o: false })) {
          for (const [, b] of this.pairs(store, g, tail, m, o, { s: false, o: constant.o })) yield [a, b];
        }
        return;
      }
      default:
        yield* this.closure(store, g, path, s, o, constant);
    }
  }

  private isNode(store: Store, g: Term | null, term: Term): boolean {
    return store.some(() => true, term, null, null, g) || store.some(() => true, null, null, term, g);
  }

  /** Nodes one step (`many`: one or more steps) of `step` away from `start`, forward or backward, each once. */
  private reach(store: Store, g: Term | null, step: Op, start: Term, forward: boolean, many: boolean): Map<string, Term> {
    const found = new Map<string, Term>();
    const queue = [start];
    while (queue.length) {
      const node = queue.pop()!;
      const pairs = forward ? this.pairs(store, g, step, node, undefined, NOT_CONSTANT) : this.pairs(store, g, step, undefined, node, NOT_CONSTANT);
      for (const [a, b] of pairs) {
        const next = forward ? b : a;
        const key = termKey(next);
        if (found.has(key)) continue;
        found.set(key, next);
        if (many) queue.push(next);
      }
    }
    return found;
  }

  /**
   * p*, p+ and p?. A zero-length path joins a node to itself: any constant of the query, but for a variable
   * only the nodes of the graph, whatever value an earlier pattern gave it.
   */
  private *closure(store: Store, g: Term | null, path: Op, s: Term | undefined, o: Term | undefined, constant: Ends): Generator<[Term, Term]> {
    const step = path.path as Op;
    const zero = path.type !== 'OneOrMorePath';
    const many = path.type !== 'ZeroOrOnePath';
    const from = (start: Term, forward: boolean, isConstant: boolean): Map<string, Term> => {
      const found = this.reach(store, g, step, start, forward, many);
      if (zero && (isConstant || this.isNode(store, g, start))) found.set(termKey(start), start);
      return found;
    };
    if (s !== undefined) {
      const found = from(s, true, constant.s || (o !== undefined && constant.o && s.equals(o)));
      if (o !== undefined) {
        if (found.has(termKey(o))) yield [s, o];
      } else for (const b of found.values()) yield [s, b];
      return;
    }
    if (o !== undefined) {
      for (const a of from(o, false, constant.o).values()) yield [a, o];
      return;
    }
    const nodes = new Map<string, Term>();
    for (const q of store.readQuads(null, null, null, g) as Iterable<Quad>) {
      nodes.set(termKey(q.subject), q.subject);
      nodes.set(termKey(q.object), q.object);
    }
    for (const a of nodes.values()) for (const b of from(a, true, true).values()) yield [a, b];
  }
}
