// **namespaces** is the single prefix table: Turtle output, SPARQL prefixes, hints and labels all read it.

export const DEFAULT_BASE_IRI = 'https://w3id.org/usages-communs/';

/** The project vocabulary. Fixed: it names terms, not hosted entities, so it does not follow --base-iri. */
export const UC = 'https://w3id.org/usages-communs/ns#';

export const PREFIXES: Readonly<Record<string, string>> = Object.freeze({
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  schema: 'http://schema.org/',
  org: 'http://www.w3.org/ns/org#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dcterms: 'http://purl.org/dc/terms/',
  dcat: 'http://www.w3.org/ns/dcat#',
  void: 'http://rdfs.org/ns/void#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  doap: 'http://usefulinc.com/ns/doap#',
  sh: 'http://www.w3.org/ns/shacl#',
  time: 'http://www.w3.org/2006/time#',
  prov: 'http://www.w3.org/ns/prov#',
  codemeta: 'https://codemeta.github.io/terms/',
  spdx: 'http://spdx.org/licenses/',
  wd: 'http://www.wikidata.org/entity/',
  uc: UC,
});

/** Prefixes for the directory's own IRIs, which depend on the configured base. */
export function entityPrefixes(baseIri: string): Record<string, string> {
  const id = `${baseIri}id/`;
  return {
    commons: `${id}commons/`,
    actor: `${id}actors/`,
    service: `${id}services/`,
    project: `${id}projects/`,
    theme: `${id}themes/`,
    skill: `${id}skills/`,
    territory: `${id}territories/`,
    type: `${id}actor-types/`,
    role: `${id}roles/`,
    college: `${id}colleges/`,
  };
}

export const RDF_TYPE = `${PREFIXES.rdf}type`;

/** Shortens an IRI to prefix:local when a known prefix matches, for messages meant for people. */
export function shorten(iri: string, extra: Record<string, string> = {}): string {
  let best: [string, string] | undefined;
  for (const [prefix, ns] of Object.entries({ ...PREFIXES, ...extra })) {
    if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [prefix, ns];
  }
  if (!best) return `<${iri}>`;
  const local = iri.slice(best[1].length);
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(local) && !local.endsWith('.') ? `${best[0]}:${local}` : `<${iri}>`;
}
