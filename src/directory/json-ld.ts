// **json-ld** writes the schema.org description that commons pages embed for search engines, and makes it
// safe inside <script>: no "<", ">" or "&" survives, so "</script>" in the data cannot close the element.
import type { Literal } from 'n3';
import { PREFIXES } from '../rdf/namespaces.js';
import type { Lang } from '../render/views.js';
import { P, safeHref, type Labeler } from './labels.js';
import type { GraphReader } from './graph-reader.js';

/** JSON for a <script type="application/ld+json"> element: valid JSON, with the HTML-significant characters escaped. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function commonsJsonLd(reader: GraphReader, labels: Labeler, iri: string, lang: Lang): string {
  const schemaTypes = reader.iris(iri, P.type).filter((t) => t.startsWith(PREFIXES.schema)).map((t) => t.slice(PREFIXES.schema.length));
  const texts = (p: string) => reader.literals(iri, p).map((t) => ((t as Literal).language ? { '@value': t.value, '@language': (t as Literal).language } : t.value));
  const organisations = (p: string) => reader.iris(iri, p).map((o) => ({ '@type': 'Organization', '@id': o, name: labels.label(o, lang).text }));
  // Links that would not be links on the page are not offered to search engines either.
  const urls = (p: string) => reader.iris(iri, p).filter((u) => safeHref(u) || u.startsWith(PREFIXES.spdx));
  const document: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': schemaTypes.length ? schemaTypes : 'CreativeWork',
    '@id': iri,
    name: labels.label(iri, lang).text,
    alternateName: texts(P.alternateName),
    description: texts(P.description),
    url: urls(P.url),
    codeRepository: urls(P.codeRepository),
    license: urls(P.license),
    sameAs: urls(P.sameAs),
    keywords: reader.iris(iri, P.subject).map((t) => labels.label(t, lang).text),
    maintainer: organisations(P.maintainer),
    contributor: organisations(P.contributor),
    funder: organisations(P.funder),
    inLanguage: lang,
  };
  for (const [key, value] of Object.entries(document)) if (Array.isArray(value) && !value.length) delete document[key];
  return scriptSafeJson(document);
}
