// **simple-paths** rewrites property paths made only of IRIs, inverses (^) and alternatives (|) into the
// triple patterns and UNIONs that SPARQL 1.1 §18.5 evaluates them as. `?o skos:prefLabel|schema:name ?label`
// is the usual way to fetch a label; as a pattern UNION it can run inside the local source with the rest of
// its group, where Comunica would run a path operation per solution.
// Sequences and the repeating paths (* + ?) stay paths, which evaluate.ts runs.
import { AlgebraFactory } from '@comunica/utils-algebra';
import type { Term } from '@rdfjs/types';
import { DataFactory } from 'rdf-data-factory';
import type { AlgebraNode } from '../query.js';

const algebra = new AlgebraFactory(new DataFactory());

function unfold(path: AlgebraNode, subject: Term, object: Term, graph: Term): AlgebraNode[] | undefined {
  switch (path.type) {
    case 'link':
      return [algebra.createPattern(subject as never, path.iri as never, object as never, graph as never) as unknown as AlgebraNode];
    case 'inv':
      return unfold(path.path as AlgebraNode, object, subject, graph);
    case 'alt': {
      const branches = (path.input as AlgebraNode[]).map((p) => unfold(p, subject, object, graph));
      return branches.every(Boolean) ? (branches as AlgebraNode[][]).flat() : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A copy of the algebra with simple paths unfolded, and the other paths passed through `other`;
 * the rest is shared, not copied.
 */
export function unfoldSimplePaths(node: AlgebraNode, other: (path: AlgebraNode) => AlgebraNode = (path) => path): AlgebraNode {
  if (node.type === 'path') {
    const branches = unfold(node.predicate as AlgebraNode, node.subject as Term, node.object as Term, node.graph as Term);
    if (!branches) return other(node);
    return branches.length === 1 ? branches[0] : (algebra.createUnion(branches as never) as unknown as AlgebraNode);
  }
  if (node.type === 'expression') return node;
  let changed = false;
  const copy: AlgebraNode = { ...node };
  for (const key of ['input', 'patterns'] as const) {
    const value = node[key];
    if (Array.isArray(value)) {
      const mapped = value.map((child: AlgebraNode) => unfoldSimplePaths(child, other));
      if (mapped.some((m, i) => m !== value[i])) [copy[key], changed] = [mapped, true];
    } else if (value && typeof value === 'object' && 'type' in value) {
      const mapped = unfoldSimplePaths(value as AlgebraNode, other);
      if (mapped !== value) [copy[key], changed] = [mapped, true];
    }
  }
  return changed ? copy : node;
}
