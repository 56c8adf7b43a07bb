// **description** describes the dataset and its services in RDF, computed once per graph:
// a DCAT catalogue, a VoID dataset with its statistics, and the SPARQL 1.1 Service Description.
// /.well-known/void, GET /sparql (for RDF clients) and the "Données et API" page all read it.
import { DataFactory, type Quad } from 'n3';
import type { Graph } from '../graph/load-graph.js';
import { PREFIXES, RDF_TYPE } from '../rdf/namespaces.js';
import { DUMP_FORMATS, dumpPath } from '../http/routes/dumps.js';
import { DATASET_LICENCE, publisherIri } from './publication.js';

const { namedNode, literal, quad, blankNode } = DataFactory;
const ns = (prefix: string) => (local: string) => namedNode(`${PREFIXES[prefix] ?? prefix}${local}`);
const rdf = ns('rdf');
const dcterms = ns('dcterms');
const dcat = ns('dcat');
const voidNs = ns('void');
const rdfs = ns('rdfs');
const sd = ns('http://www.w3.org/ns/sparql-service-description#');
const xsd = ns('xsd');
const formats = ns('http://www.w3.org/ns/formats/');

export interface DatasetStatistics {
  triples: number;
  entities: number;
  distinctSubjects: number;
  distinctObjects: number;
  properties: number;
  classes: { iri: string; entities: number }[];
  vocabularies: string[];
  files: number;
}

export function datasetStatistics(graph: Graph): DatasetStatistics {
  const union = graph.union;
  const idSpace = `${graph.baseIri}id/`;
  const subjects = union.getSubjects(null, null, null);
  const classes = new Map<string, number>();
  for (const q of union.getQuads(null, RDF_TYPE, null, null)) classes.set(q.object.value, (classes.get(q.object.value) ?? 0) + 1);
  const predicates = union.getPredicates(null, null, null).map((p) => p.value);
  const used = [...predicates, ...classes.keys()];
  return {
    triples: union.size,
    entities: subjects.filter((s) => s.termType === 'NamedNode' && s.value.startsWith(idSpace)).length,
    distinctSubjects: subjects.length,
    distinctObjects: union.getObjects(null, null, null).length,
    properties: predicates.length,
    classes: [...classes].map(([iri, entities]) => ({ iri, entities })).sort((a, b) => b.entities - a.entities),
    vocabularies: Object.values(PREFIXES).filter((namespace) => used.some((iri) => iri.startsWith(namespace))).sort(),
    files: graph.sources.length,
  };
}

/** The IRIs of the dataset's parts, under the base IRI (so that they dereference on any origin). */
export function datasetIris(baseIri: string) {
  return {
    catalog: baseIri,
    dataset: `${baseIri}dataset`,
    sparql: `${baseIri}sparql`,
  };
}

const described = new WeakMap<Graph, Quad[]>();
const describedFederated = new WeakMap<Graph, Quad[]>();

export interface DescriptionOptions {
  /** SERVICE endpoints are allow-listed: only then does the endpoint claim sd:BasicFederatedQuery. */
  federated?: boolean;
}

/** The description of a loaded graph, computed once: its statistics walk the whole graph. */
export function describeDataset(graph: Graph, options: DescriptionOptions = {}): Quad[] {
  const cache = options.federated ? describedFederated : described;
  let quads = cache.get(graph);
  if (!quads) cache.set(graph, (quads = buildDescription(graph, datasetStatistics(graph), options)));
  return quads;
}

function buildDescription(graph: Graph, stats: DatasetStatistics, options: DescriptionOptions): Quad[] {
  const iris = datasetIris(graph.baseIri);
  const catalog = namedNode(iris.catalog);
  const dataset = namedNode(iris.dataset);
  const service = namedNode(iris.sparql);
  const integer = (n: number) => literal(String(n), xsd('integer'));
  const out: Quad[] = [
    quad(catalog, rdf('type'), dcat('Catalog')),
    quad(catalog, dcterms('title'), literal('Usages communs', 'fr')),
    quad(catalog, dcterms('description'), literal("Annuaire des communs numériques d'intérêt général et des organisations qui les portent.", 'fr')),
    quad(catalog, dcterms('description'), literal('Directory of digital commons of public interest and of the organisations that carry them.', 'en')),
    quad(catalog, dcat('dataset'), dataset),
    quad(catalog, dcterms('license'), namedNode(DATASET_LICENCE)),
    quad(catalog, dcterms('publisher'), namedNode(publisherIri(graph.baseIri))),
    quad(catalog, dcat('service'), service),

    quad(dataset, rdf('type'), dcat('Dataset')),
    quad(dataset, rdf('type'), voidNs('Dataset')),
    quad(dataset, dcterms('title'), literal('Communs numériques et organisations', 'fr')),
    quad(dataset, dcterms('title'), literal('Digital commons and organisations', 'en')),
    quad(dataset, dcterms('license'), namedNode(DATASET_LICENCE)),
    quad(dataset, dcterms('publisher'), namedNode(publisherIri(graph.baseIri))),
    // The data changed when its last commit landed, not when this server read it; without a history, no date.
    ...(graph.history?.lastCommitDate ? [quad(dataset, dcterms('modified'), literal(graph.history.lastCommitDate.toISOString(), xsd('dateTime')))] : []),
    quad(dataset, voidNs('sparqlEndpoint'), service),
    quad(dataset, voidNs('uriSpace'), literal(`${graph.baseIri}id/`)),
    quad(dataset, voidNs('triples'), integer(stats.triples)),
    quad(dataset, voidNs('entities'), integer(stats.entities)),
    quad(dataset, voidNs('distinctSubjects'), integer(stats.distinctSubjects)),
    quad(dataset, voidNs('distinctObjects'), integer(stats.distinctObjects)),
    quad(dataset, voidNs('properties'), integer(stats.properties)),
    quad(dataset, voidNs('classes'), integer(stats.classes.length)),
    quad(dataset, voidNs('exampleResource'), namedNode(`${graph.baseIri}id/commons/decidim`)),
    ...stats.vocabularies.map((v) => quad(dataset, voidNs('vocabulary'), namedNode(v))),

    quad(service, rdf('type'), sd('Service')),
    quad(service, rdf('type'), dcat('DataService')),
    quad(service, sd('endpoint'), service),
    quad(service, dcat('endpointURL'), service),
    quad(service, dcat('servesDataset'), dataset),
    quad(service, sd('supportedLanguage'), sd('SPARQL11Query')),
    quad(service, sd('feature'), sd('UnionDefaultGraph')),
    // SERVICE is refused unless allow-listed: claiming federation without an allow-list would mislead clients.
    ...(options.federated ? [quad(service, sd('feature'), sd('BasicFederatedQuery'))] : []),
    ...[formats('SPARQL_Results_JSON'), formats('SPARQL_Results_XML'), formats('SPARQL_Results_CSV'), formats('SPARQL_Results_TSV'),
      formats('Turtle'), formats('N-Triples'), formats('JSON-LD'), formats('RDF_XML'), formats('N-Quads'), formats('TriG')]
      .map((f) => quad(service, sd('resultFormat'), f)),
  ];
  for (const { iri, entities } of stats.classes) {
    const partition = blankNode();
    out.push(quad(dataset, voidNs('classPartition'), partition), quad(partition, voidNs('class'), namedNode(iri)), quad(partition, voidNs('entities'), integer(entities)));
  }
  for (const format of DUMP_FORMATS) {
    const dump = namedNode(`${graph.baseIri}${dumpPath(format).slice(1)}`);
    const distribution = blankNode();
    out.push(
      quad(dataset, voidNs('dataDump'), dump),
      quad(dataset, dcat('distribution'), distribution),
      quad(distribution, rdf('type'), dcat('Distribution')),
      quad(distribution, dcat('downloadURL'), dump),
      quad(distribution, dcterms('license'), namedNode(DATASET_LICENCE)),
      quad(distribution, dcat('mediaType'), namedNode(`https://www.iana.org/assignments/media-types/${format.mediaType}`)),
    );
  }
  // The default graph is the union of the files; each file is a named graph, listed so that clients can pick.
  const defaultDataset = blankNode();
  out.push(quad(service, sd('defaultDataset'), defaultDataset), quad(defaultDataset, rdf('type'), sd('Dataset')));
  for (const source of graph.sources) {
    const named = blankNode();
    out.push(quad(defaultDataset, sd('namedGraph'), named), quad(named, sd('name'), source.graph), quad(named, rdfs('label'), literal(source.display)));
  }
  return out;
}

