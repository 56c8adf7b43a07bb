// **json-ld** writes the schema.org description that every page embeds for search engines, and makes it
// safe inside <script>: no "<", ">" or "&" survives, so "</script>" in the data cannot close the element.
import type { Literal } from 'n3';
import { PREFIXES } from '../rdf/namespaces.js';
import type { Lang } from '../render/views.js';
import { P, pickText, safeHref, type Labeler } from './labels.js';
import type { GraphReader } from './graph-reader.js';
import { DATASET_LICENCE, publisherIri } from '../dataset/publication.js';

/** JSON for a <script type="application/ld+json"> element: valid JSON, with the HTML-significant characters escaped. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

type Kind = 'commons' | 'actor' | 'service' | 'project' | 'concept' | 'scheme';

/** The schema.org type of each kind of entry, when its own rdf:types name none. */
const SCHEMA_TYPE: Record<Kind, string> = {
  commons: 'CreativeWork',
  actor: 'Organization',
  service: 'Service',
  project: 'Project',
  concept: 'DefinedTerm',
  scheme: 'DefinedTermSet',
};

/** Drops empty lists, so that search engines see only what the data says. */
function compact(document: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(document)) if (value === undefined || (Array.isArray(value) && !value.length)) delete document[key];
  return document;
}

/**
 * The schema.org description of any entry (commons, organisation, service, project, concept, scheme), as
 * JSON-LD safe to embed in its page: what the page shows, in the terms search engines read.
 */
export function entityJsonLd(reader: GraphReader, labels: Labeler, iri: string, kind: Kind, lang: Lang): string {
  const schemaTypes = reader.iris(iri, P.type).filter((t) => t.startsWith(PREFIXES.schema)).map((t) => t.slice(PREFIXES.schema.length));
  const texts = (p: string) => reader.literals(iri, p).map((t) => ((t as Literal).language ? { '@value': t.value, '@language': (t as Literal).language } : t.value));
  const named = (type: string, p: string) => reader.iris(iri, p).map((o) => ({ '@type': type, '@id': o, name: labels.label(o, lang).text }));
  const names = (p: string) => reader.iris(iri, p).map((t) => labels.label(t, lang).text);
  // Links that would not be links on the page are not offered to search engines either.
  const urls = (p: string) => reader.iris(iri, p).filter((u) => safeHref(u) || u.startsWith(PREFIXES.spdx));
  const definition = pickText(reader.literals(iri, P.definition), lang);
  const common = {
    '@context': 'https://schema.org',
    '@type': schemaTypes.length ? schemaTypes : SCHEMA_TYPE[kind],
    '@id': iri,
    name: labels.label(iri, lang).text,
    alternateName: texts(P.alternateName),
    description: kind === 'concept' || kind === 'scheme' ? definition?.text : texts(P.description),
    url: urls(P.url),
    sameAs: urls(P.sameAs),
    inLanguage: lang,
  };
  const specific: Record<Kind, () => Record<string, unknown>> = {
    commons: () => ({
      codeRepository: urls(P.codeRepository),
      license: urls(P.license),
      keywords: names(P.subject),
      maintainer: named('Organization', P.maintainer),
      contributor: named('Organization', P.contributor),
      funder: named('Organization', P.funder),
    }),
    actor: () => ({
      areaServed: named('Place', P.areaServed),
      knowsAbout: names(P.knowsAbout),
      foundingDate: reader.literals(iri, P.foundingDate).map((t) => t.value)[0],
      parentOrganization: named('Organization', P.subOrganizationOf),
    }),
    service: () => ({
      provider: named('Organization', P.provider),
      areaServed: named('Place', P.areaServed),
      category: names(P.subject),
      isBasedOn: named('CreativeWork', P.buildsOn),
    }),
    project: () => ({
      funder: named('Organization', P.funder),
      areaServed: named('Place', P.areaServed),
      keywords: names(P.subject),
      startDate: reader.literals(iri, P.startDate).map((t) => t.value)[0],
      endDate: reader.literals(iri, P.endDate).map((t) => t.value)[0],
    }),
    concept: () => ({ inDefinedTermSet: reader.iris(iri, P.inScheme).map((s) => ({ '@type': 'DefinedTermSet', '@id': s, name: labels.label(s, lang).text })) }),
    scheme: () => ({}),
  };
  return scriptSafeJson(compact({ ...common, ...specific[kind]() }));
}

/** The schema.org JSON-LD of a commons (kept for callers that know the kind). */
export function commonsJsonLd(reader: GraphReader, labels: Labeler, iri: string, lang: Lang): string {
  return entityJsonLd(reader, labels, iri, 'commons', lang);
}

/** A page that is not an entry (home, lists, statistics, data): its own small schema.org description. */
export function pageJsonLd(document: Record<string, unknown>): string {
  return scriptSafeJson(compact({ '@context': 'https://schema.org', ...document }));
}

/** The home page: the site itself, published by the cooperative, about the dataset it serves. */
export function homeJsonLd(baseIri: string, strings: Readonly<Record<string, string>>, lang: Lang): string {
  return pageJsonLd({
    '@type': 'WebSite',
    '@id': baseIri,
    url: baseIri,
    name: strings['site.name'],
    description: strings['site.tagline'],
    inLanguage: lang,
    publisher: { '@type': 'Organization', '@id': publisherIri(baseIri), name: 'Usages communs' },
    about: { '@type': 'Dataset', '@id': `${baseIri}dataset` },
  });
}

/** The data page: the dataset, its licence, publisher and downloads, for dataset search engines. */
export function datasetJsonLd(baseIri: string, page: { name: string; description: string; lang: Lang; modified: Date; downloads: Array<{ path: string; mediaType: string }> }): string {
  return pageJsonLd({
    '@type': 'Dataset',
    '@id': `${baseIri}dataset`,
    name: page.name,
    description: page.description,
    inLanguage: page.lang,
    license: DATASET_LICENCE,
    isAccessibleForFree: true,
    publisher: { '@type': 'Organization', '@id': publisherIri(baseIri), name: 'Usages communs' },
    dateModified: page.modified.toISOString(),
    includedInDataCatalog: { '@type': 'DataCatalog', '@id': baseIri },
    distribution: page.downloads.map((d) => ({ '@type': 'DataDownload', encodingFormat: d.mediaType, contentUrl: `${baseIri}${d.path.replace(/^\//, '')}` })),
  });
}
