// **queries** is the fixed query mix of the benchmark: what partner tools and the pages ask of the directory.
// Every query is standard SPARQL 1.1 that both Comunica and Oxigraph answer, on the synthetic data of generate.ts.

export interface BenchQuery {
  id: string;
  /** What the query stands for, as the issue names it. */
  label: string;
  /** Counts against the "ASK and single-entity queries under 2 ms" target. */
  pointLookup?: boolean;
  query: string;
}

const PREFIXES = `PREFIX schema: <http://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX uc: <https://w3id.org/usages-communs/ns#>
PREFIX commons: <https://w3id.org/usages-communs/id/commons/>
PREFIX actor: <https://w3id.org/usages-communs/id/actors/>
PREFIX theme: <https://w3id.org/usages-communs/id/themes/>
PREFIX type: <https://w3id.org/usages-communs/id/actor-types/>
PREFIX territory: <https://w3id.org/usages-communs/id/territories/>
`;

const q = (body: string) => `${PREFIXES}${body.trim()}\n`;

export const QUERY_MIX: readonly BenchQuery[] = [
  {
    id: 'listing',
    label: 'listing, OPTIONAL labels by language',
    query: q(`
SELECT ?c ?name ?fr ?en WHERE {
  ?c a uc:DigitalCommons ; schema:name ?name .
  OPTIONAL { ?c schema:description ?fr FILTER(LANG(?fr) = "fr") }
  OPTIONAL { ?c schema:description ?en FILTER(LANG(?en) = "en") }
} LIMIT 100`),
  },
  {
    id: 'theme',
    label: 'filter by theme',
    query: q(`
SELECT ?c ?name WHERE { ?c dcterms:subject theme:open-data ; schema:name ?name }`),
  },
  {
    // SPARQL has no accent folding; a character class is the standard way, and both engines run it.
    // (REGEX "donnees" with the "i" flag would find nothing: the data says "données".)
    id: 'text',
    label: 'accent-insensitive text search',
    query: q(`
SELECT DISTINCT ?c ?name WHERE {
  ?c a uc:DigitalCommons ; schema:name ?name .
  FILTER(REGEX(?name, "[eéèêë]cologie", "i"))
}`),
  },
  {
    id: 'entity',
    label: 'one entity + labels of its objects',
    pointLookup: true,
    query: q(`
SELECT ?p ?o ?label WHERE {
  commons:commun-7 ?p ?o .
  OPTIONAL { ?o skos:prefLabel|schema:name ?label }
}`),
  },
  {
    id: 'describe',
    label: 'DESCRIBE',
    query: q(`DESCRIBE commons:commun-7`),
  },
  {
    id: 'construct',
    label: 'CONSTRUCT',
    query: q(`
CONSTRUCT { ?c schema:name ?name ; schema:maintainer ?org . ?org schema:name ?orgName }
WHERE { ?c dcterms:subject theme:mapping ; schema:name ?name ; schema:maintainer ?org . ?org schema:name ?orgName }`),
  },
  {
    id: 'join',
    label: 'join organisation→commons→theme',
    query: q(`
SELECT ?org ?orgName ?c ?themeLabel WHERE {
  ?org org:classification type:scic ; schema:name ?orgName .
  ?c schema:maintainer ?org ; dcterms:subject ?theme .
  ?theme skos:prefLabel ?themeLabel FILTER(LANG(?themeLabel) = "fr")
}`),
  },
  {
    id: 'facet',
    label: 'facet COUNT / GROUP BY',
    query: q(`
SELECT ?theme (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a uc:DigitalCommons ; dcterms:subject ?theme }
GROUP BY ?theme ORDER BY DESC(?n)`),
  },
  {
    id: 'order',
    label: 'ORDER BY + LIMIT/OFFSET',
    query: q(`
SELECT ?c ?name WHERE { ?c a uc:DigitalCommons ; schema:name ?name } ORDER BY ?name LIMIT 20 OFFSET 100`),
  },
  {
    id: 'path',
    label: 'skos:broader* path',
    query: q(`
SELECT ?t (COUNT(?org) AS ?n) WHERE { ?t skos:broader* territory:france . ?org schema:areaServed ?t } GROUP BY ?t`),
  },
  {
    id: 'ask',
    label: 'ASK',
    pointLookup: true,
    query: q(`ASK { commons:commun-7 schema:maintainer ?org }`),
  },
];

/** The result type each query form is asked for, as a SPARQL client would. */
export function mediaTypeFor(query: string): string {
  return /\b(CONSTRUCT|DESCRIBE)\b/.test(query.replace(/^PREFIX.*$/gm, '')) ? 'text/turtle' : 'application/sparql-results+json';
}
