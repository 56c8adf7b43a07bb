// **scheme-tree** reads a SKOS concept scheme as a tree (skos:broader within the scheme), for the rosace and
// the territories: the roots and each concept's narrower concepts, in one pass over the scheme.
import { P } from './labels.js';
import type { GraphReader } from './graph-reader.js';

export interface SchemeTree {
  concepts: ReadonlySet<string>;
  /** Concepts with no broader concept in the scheme. */
  roots: string[];
  narrower: Map<string, string[]>;
}

export function readSchemeTree(reader: GraphReader, scheme: string): SchemeTree {
  const concepts = new Set(reader.subjects(P.inScheme, scheme));
  const roots: string[] = [];
  const narrower = new Map<string, string[]>();
  for (const c of concepts) {
    const broader = reader.iris(c, P.broader).filter((b) => concepts.has(b));
    if (!broader.length) roots.push(c);
    for (const b of broader) {
      const list = narrower.get(b);
      if (list) list.push(c);
      else narrower.set(b, [c]);
    }
  }
  return { concepts, roots, narrower };
}
