// **local-source** is the query source Comunica sees: it declares, per query, which operations it answers
// itself (its selector shape), and answers them with the local evaluator (evaluate.ts). Comunica hoists every
// subtree the shape accepts into one call, so a basic graph pattern with its OPTIONALs, label filters, paths
// and counts costs one operation instead of one per triple pattern.
import type { FragmentSelectorShape, IActionContext, IQuerySource, MetadataBindings } from '@comunica/types';
import { ActionContextKey } from '@comunica/core';
import { QuerySourceSkolemized } from '@comunica/actor-optimize-query-operation-query-source-skolemize';
import { BindingsFactory } from '@comunica/utils-bindings-factory';
import { MetadataValidationState } from '@comunica/utils-metadata';
import type { Variable } from '@rdfjs/types';
import { fromIterable } from 'asynciterator';
import { DataFactory } from 'rdf-data-factory';
import { walkAlgebra, type AlgebraNode } from '../query.js';
import type { UnionQuadSource } from '../quad-source.js';
import { LocalEvaluator, children, supportsNode } from './evaluate.js';
import { unfoldSimplePaths } from './simple-paths.js';

const factory = new DataFactory();

/** Context entry with this query's selector shape (see `acceptedTypes`). */
export const LOCAL_SHAPE = new ActionContextKey<FragmentSelectorShape>('@usages-communs/local-shape');

const typeShape = (type: string): FragmentSelectorShape => ({ type: 'operation', operation: { operationType: 'type', type } as never });

/** Every operation type that can reach the local evaluator. */
const LOCAL_TYPES = ['pattern', 'bgp', 'join', 'leftjoin', 'union', 'filter', 'group', 'path'];

/**
 * The operation types this query may hand to the local source: those of which every occurrence in the query
 * can be evaluated locally. (A shape can only name types, and Comunica hoists any subtree made of accepted
 * types; so a type with one occurrence we cannot run, e.g. a FILTER comparing numbers, is left to Comunica
 * everywhere in that query.)
 *
 * Groups are accepted only where Comunica will never bind values into them. When it runs a join, an
 * OPTIONAL or a UNION itself (one operand is not local), it may bind-join into the other operand, rewriting
 * it (materializeOperation): a FILTER at the top loses its source, VALUES appear inside filters, and a join is
 * flattened into the join it builds; streams of a path evaluated here were also seen never to end there.
 * The same can follow from a FILTER it runs being pushed into a join. So in such queries only single
 * patterns come here, as with a plain store.
 */
export function acceptedTypes(algebra: AlgebraNode): Set<string> {
  const refused = new Set<string>();
  walkAlgebra(algebra, (op) => {
    if (LOCAL_TYPES.includes(op.type) && !supportsNode(op)) refused.add(op.type);
  });
  const accepted = new Set(LOCAL_TYPES.filter((t) => !refused.has(t)));
  const isLocal = localityOf(accepted);
  let joinsInComunica = refused.has('filter') || refused.has('leftjoin');
  walkOperations(algebra, (op) => {
    if ((op.type === 'join' || op.type === 'leftjoin' || op.type === 'union') && !isLocal(op)) joinsInComunica = true;
  });
  return joinsInComunica ? new Set(['pattern']) : accepted;
}

/** The selector shape that accepts these operation types. */
function shapeOf(types: Set<string>): FragmentSelectorShape {
  return { type: 'disjunction', children: [...types].map(typeShape) };
}

/** Whether an operation, with everything below it, is of the accepted types and evaluable here (remembered per node). */
function localityOf(accepted: Set<string>): (op: AlgebraNode) => boolean {
  const known = new WeakMap<AlgebraNode, boolean>();
  const isLocal = (op: AlgebraNode): boolean => {
    let local = known.get(op);
    if (local === undefined) {
      local = accepted.has(op.type) && supportsNode(op) && (op.type === 'path' || children(op).every(isLocal));
      known.set(op, local);
    }
    return local;
  };
  return isLocal;
}

/** Visits the operations of a query, through their inputs (not into expressions). */
function walkOperations(op: AlgebraNode, visit: (op: AlgebraNode) => void): void {
  visit(op);
  if (op.type !== 'path') for (const child of children(op)) walkOperations(child, visit);
}

/** Whether the local source can run this query at all (otherwise the query runs over the plain RDF/JS source). */
export function localSourceApplies(algebra: AlgebraNode): boolean {
  let applies = true;
  walkAlgebra(algebra, (op) => {
    // FROM rewrites the patterns' graphs at run time, SERVICE goes elsewhere, and quoted-triple patterns need
    // RDF-star matching: all three stay with Comunica's own handling.
    if (op.type === 'from' || op.type === 'service' || (op.type === 'pattern' && !supportsNode(op))) applies = false;
  });
  return applies;
}

export class LocalQuerySource implements IQuerySource {
  readonly referenceValue: UnionQuadSource;
  private readonly evaluator: LocalEvaluator;
  private readonly bindingsFactory = new BindingsFactory(factory, {});
  private readonly variables = new Map<string, Variable>();

  constructor(source: UnionQuadSource) {
    this.referenceValue = source;
    this.evaluator = new LocalEvaluator(source);
  }

  async getSelectorShape(context: IActionContext): Promise<FragmentSelectorShape> {
    return context.get(LOCAL_SHAPE) ?? typeShape('pattern');
  }

  async getFilterFactor(): Promise<number> {
    return 1;
  }

  private variable(name: string): Variable {
    let v = this.variables.get(name);
    if (!v) this.variables.set(name, (v = factory.variable(name)));
    return v;
  }

  queryBindings(operation: unknown) {
    const op = operation as AlgebraNode;
    // The shape should make this impossible; an error is better than a wrong answer if an optimizer slips.
    const unsupported = firstUnsupported(op);
    if (unsupported) throw new Error(`the local source was given a '${unsupported.type}' operation it cannot evaluate exactly`);
    const { all, certain } = this.evaluator.scope(op);
    const names = [...all];
    const solutions = this.evaluator.evaluate(op);
    const bindings = fromIterable(
      (function* (self) {
        for (const s of solutions) {
          const entries: [Variable, (typeof s)[string]][] = [];
          for (const name of names) if (s[name] !== undefined) entries.push([self.variable(name), s[name]]);
          yield self.bindingsFactory.bindings(entries);
        }
      })(this),
    );
    const metadata: MetadataBindings = {
      state: new MetadataValidationState(),
      cardinality: { type: this.evaluator.isExact(op) ? 'exact' : 'estimate', value: this.evaluator.estimate(op) },
      variables: names.map((name) => ({ variable: this.variable(name), canBeUndef: !certain.has(name) })),
    };
    bindings.setProperty('metadata', metadata);
    return bindings as never;
  }

  queryQuads(): never {
    throw new Error('the local source answers bindings only');
  }

  queryBoolean(): never {
    throw new Error('the local source answers bindings only');
  }

  queryVoid(): never {
    throw new Error('the local source is read-only');
  }

  toString(): string {
    return 'LocalQuerySource(usages-communs)';
  }
}

/** The id Comunica's skolemization gives the local source: set in the context, so that both agree. */
const SOURCE_ID = '0';

/**
 * What Comunica needs to run `algebra` with the local source: the algebra with simple paths unfolded, and the
 * context entries (source, shape, source id).
 *
 * Comunica never hoists a path into a source (a path has no operation below it to group with), so a path and
 * the largest group around it that the source can answer are assigned here (the paths also on their own, in
 * case an optimizer rebuilds the group), through the same skolemizing wrapper Comunica puts around the
 * source, so that blank nodes found by a path and by a pattern stay equal.
 */
export function localQuery(algebra: AlgebraNode, local: LocalQuerySource): { algebra: AlgebraNode; context: Record<string, unknown> } {
  const unfolded = unfoldSimplePaths(algebra);
  const accepted = acceptedTypes(unfolded);
  const context = {
    '@comunica/bus-query-operation:querySources': [{ source: local }],
    '@comunica/bus-query-source-identify:sourceIds': new Map([[local.referenceValue, SOURCE_ID]]),
    [LOCAL_SHAPE.name]: shapeOf(accepted),
  };
  if (!accepted.has('path')) return { algebra: unfolded, context };
  const scopedSource = { source: new QuerySourceSkolemized(local, SOURCE_ID) };
  const assign = (node: AlgebraNode): AlgebraNode => ({ ...node, metadata: { ...(node.metadata as object), scopedSource } });
  return { algebra: assignPathGroups(unfoldSimplePaths(unfolded, assign), localityOf(accepted), assign), context };
}

function firstUnsupported(op: AlgebraNode): AlgebraNode | undefined {
  if (!LOCAL_TYPES.includes(op.type) || !supportsNode(op)) return op;
  if (op.type === 'path') return undefined;
  for (const child of children(op)) {
    const found = firstUnsupported(child);
    if (found) return found;
  }
  return undefined;
}

const hasPath = (op: AlgebraNode): boolean => op.type === 'path' || children(op).some(hasPath);

/** The algebra with each largest locally answerable subtree that holds a path assigned to the local source. */
function assignPathGroups(node: AlgebraNode, isLocal: (op: AlgebraNode) => boolean, assign: (node: AlgebraNode) => AlgebraNode): AlgebraNode {
  if (node.type !== 'path' && isLocal(node) && hasPath(node)) return assign(node);
  const inputs = children(node);
  if (node.type === 'bgp' || !inputs.length) return node;
  const mapped = inputs.map((child) => assignPathGroups(child, isLocal, assign));
  return mapped.some((child, i) => child !== inputs[i]) ? { ...node, input: Array.isArray(node.input) ? mapped : mapped[0] } : node;
}
