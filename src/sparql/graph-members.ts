// **graph-members** keeps a query's graph variables to the served files on an external engine without naming
// every file in the request. Each union graph has a members graph beside it, `<union>/members`, that lists the
// content graphs it is made of (`<content graph> dcterms:isPartOf <union>`). A `GRAPH ?g { P }` goes to the
// engine as the join of itself with `GRAPH <members> { ?g dcterms:isPartOf <union> }`: ?g can only be a file
// of this server's data, whatever the engine takes as named graphs (every graph it has: such a query names no
// dataset, see external.ts), so one named-graph-uri per file (~94,000 at 1M triples) is no longer needed.
import type { Quad } from 'n3';
import { DataFactory as N3Terms } from 'n3';
import type { Term } from '@rdfjs/types';
import type { DataFactory } from 'rdf-data-factory';

const IS_PART_OF = 'http://purl.org/dc/terms/isPartOf';

/** A union's members graph: under the union's IRI, so that it is one of ours to sweep (engine-leases.ts). */
export const membersGraphIri = (union: string) => `${union}/members`;

/** The members graph's triples: one per content graph. */
export function memberQuads(union: string, contents: Iterable<string>): Quad[] {
  const { namedNode, quad } = N3Terms;
  return [...contents].map((content) => quad(namedNode(content), namedNode(IS_PART_OF), namedNode(union)));
}

/**
 * A graph operation as the engine gets it: with a variable graph, joined with the membership of that variable
 * in the union. The join is the same answer in any context (OPTIONAL, MINUS, EXISTS…), since GRAPH ?g binds ?g
 * in every solution it gives. `terms` is the algebra's own factory, whose terms the text generator reads.
 */
export function restrictGraph(op: Record<string, unknown>, union: string, terms: DataFactory): Record<string, unknown> {
  const name = op.name as Term;
  if (op.type !== 'graph' || name.termType !== 'Variable') return op;
  const member = terms.quad(name as never, terms.namedNode(IS_PART_OF), terms.namedNode(union), terms.defaultGraph());
  const membership = { type: 'graph', name: terms.namedNode(membersGraphIri(union)), input: { type: 'bgp', patterns: [Object.assign(member, { type: 'pattern' })] } };
  return { type: 'join', input: [op, membership] };
}
