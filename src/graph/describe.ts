// **describe** computes what the directory says about one IRI, the same for dereferencing and for
// SPARQL DESCRIBE: its own triples (with the blank nodes and #fragments it owns), the labels of what it
// points to, and the triples that point to it (who carries it, who contributes) with their labels.
import { DataFactory, type Quad, type Term } from 'n3';
import { PREFIXES } from '../rdf/namespaces.js';
import { dropGraphs } from '../rdf/serialize.js';
import type { QuadStore } from './compact-store.js';

export const LABEL_PREDICATES = [`${PREFIXES.skos}prefLabel`, `${PREFIXES.schema}name`, `${PREFIXES.rdfs}label`];

function ownTriples(store: QuadStore, subject: Term, out: Quad[], seen: Set<string>): void {
  const key = `${subject.termType}:${subject.value}`;
  if (seen.has(key)) return;
  seen.add(key);
  for (const q of store.getQuads(subject, null, null, null)) {
    out.push(q);
    if (q.object.termType === 'BlankNode') ownTriples(store, q.object, out, seen);
  }
}

function labels(store: QuadStore, node: Term, out: Quad[]): void {
  for (const p of LABEL_PREDICATES) out.push(...store.getQuads(node, p, null, null));
}

export type FragmentIndex = ReadonlyMap<string, readonly Term[]>;

/** Document IRI → its #fragment subjects; built once per graph so that describing stays a few lookups. */
export function fragmentIndex(store: QuadStore): FragmentIndex {
  const index = new Map<string, Term[]>();
  for (const subject of store.getSubjects(null, null, null)) {
    const hash = subject.termType === 'NamedNode' ? subject.value.indexOf('#') : -1;
    if (hash < 0) continue;
    const doc = subject.value.slice(0, hash);
    index.set(doc, [...(index.get(doc) ?? []), subject]);
  }
  return index;
}

/**
 * The description of `iri` as a list of triples (no graph names, no duplicates); empty if the graph knows
 * nothing of it. Pass the graph's `union` store: lookups across one named graph per file are slow.
 */
export function describe(store: QuadStore, iri: string, fragments: FragmentIndex = fragmentIndex(store)): Quad[] {
  const out: Quad[] = [];
  const seen = new Set<string>();
  ownTriples(store, DataFactory.namedNode(iri), out, seen);
  // A #fragment (a membership) is dereferenced through its document, so it belongs to the description.
  for (const fragment of fragments.get(iri) ?? []) ownTriples(store, fragment, out, seen);
  const own = out.length;
  for (let i = 0; i < own; i++) {
    const object = out[i].object;
    if (object.termType === 'NamedNode' && !seen.has(`NamedNode:${object.value}`)) labels(store, object, out);
  }
  for (const q of store.getQuads(null, null, iri, null)) {
    out.push(q);
    if (q.subject.termType === 'NamedNode') labels(store, q.subject, out);
  }
  return dropGraphs(out);
}
