// **summary** computes the counts the home page shows, once per loaded graph.
import type { Graph } from '../graph/load-graph.js';
import { PREFIXES, RDF_TYPE, UC } from '../rdf/namespaces.js';

export interface Summary {
  commons: number;
  organisations: number;
  services: number;
  projects: number;
  themes: number;
  triples: number;
  files: number;
}

function countTyped(graph: Graph, types: string[]): number {
  const subjects = new Set<string>();
  for (const type of types) for (const q of graph.union.getQuads(null, RDF_TYPE, type, null)) subjects.add(q.subject.value);
  return subjects.size;
}

export function buildSummary(graph: Graph): Summary {
  const themeScheme = `${graph.baseIri}id/themes`;
  const themes = new Set(graph.union.getQuads(null, `${PREFIXES.skos}inScheme`, themeScheme, null).map((q) => q.subject.value));
  return {
    commons: countTyped(graph, [`${UC}DigitalCommons`]),
    organisations: countTyped(graph, [`${PREFIXES.org}Organization`, `${PREFIXES.org}FormalOrganization`]),
    services: countTyped(graph, [`${UC}Service`]),
    projects: countTyped(graph, [`${UC}Project`]),
    themes: themes.size,
    // The union holds each triple once, whichever files state it.
    triples: graph.union.size,
    files: graph.sources.length,
  };
}
