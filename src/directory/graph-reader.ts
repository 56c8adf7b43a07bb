// **graph-reader** gives the directory builders deduplicated reads of the union graph (the store holds a
// triple once per file that states it) and the kinds of entry, by rdf:type.
import type { Term } from 'n3';
import type { Graph } from '../graph/load-graph.js';
import { PREFIXES, UC } from '../rdf/namespaces.js';
import { P } from './labels.js';
import type { QuadStore } from '../graph/compact-store.js';

export type EntityKind = 'commons' | 'actor' | 'service' | 'project' | 'concept' | 'scheme';

const KIND_OF_TYPE: Record<string, EntityKind> = {
  [`${UC}DigitalCommons`]: 'commons',
  [`${PREFIXES.org}Organization`]: 'actor',
  [`${PREFIXES.org}FormalOrganization`]: 'actor',
  [`${UC}Service`]: 'service',
  [`${UC}Project`]: 'project',
  [`${PREFIXES.skos}Concept`]: 'concept',
  [`${PREFIXES.skos}ConceptScheme`]: 'scheme',
};

function uniqueValues(terms: Term[], keep: (t: Term) => boolean): string[] {
  return [...new Set(terms.filter(keep).map((t) => t.value))];
}
const isIri = (t: Term) => t.termType === 'NamedNode';

export interface GraphReader {
  readonly store: QuadStore;
  readonly baseIri: string;
  /** IRIs that `subject` points to through `predicate`. */
  iris(subject: string, predicate: string): string[];
  /** Nodes (IRIs or blank nodes) that `subject` points to through `predicate`. */
  nodes(subject: string | Term, predicate: string): Term[];
  /** Literal objects, distinct. */
  literals(subject: string | Term, predicate: string): Term[];
  /** Subjects pointing to `object` through `predicate` (IRIs only). */
  subjects(predicate: string, object: string): string[];
  kindOf(iri: string): EntityKind | undefined;
  /** Every entry of a kind, in a stable order. */
  all(kind: EntityKind): readonly string[];
}

export function createGraphReader(graph: Graph): GraphReader {
  const { union: store, baseIri } = graph;
  const kinds = new Map<string, EntityKind>();
  const byKind = new Map<EntityKind, string[]>();
  for (const [type, kind] of Object.entries(KIND_OF_TYPE)) {
    for (const subject of store.getSubjects(P.type, type, null)) {
      if (subject.termType !== 'NamedNode' || kinds.has(subject.value)) continue;
      kinds.set(subject.value, kind);
      const list = byKind.get(kind);
      if (list) list.push(subject.value);
      else byKind.set(kind, [subject.value]);
    }
  }
  for (const list of byKind.values()) list.sort();
  const distinct = (terms: Term[]) => {
    const seen = new Set<string>();
    return terms.filter((t) => !seen.has(t.id) && seen.add(t.id));
  };
  return {
    store,
    baseIri,
    iris: (s, p) => uniqueValues(store.getObjects(s, p, null), isIri),
    nodes: (s, p) => distinct(store.getObjects(s, p, null).filter((t) => t.termType === 'NamedNode' || t.termType === 'BlankNode')),
    literals: (s, p) => distinct(store.getObjects(s, p, null).filter((t) => t.termType === 'Literal')),
    subjects: (p, o) => uniqueValues(store.getSubjects(p, o, null), isIri),
    kindOf: (iri) => kinds.get(iri),
    all: (kind) => byKind.get(kind) ?? [],
  };
}
