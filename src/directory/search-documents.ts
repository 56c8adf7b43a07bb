// **search-documents** reads, once per graph, what each list searches: names and schema:alternateName of the
// entries, the labels of their concepts with skos:altLabel (so that "carto" finds the mapping theme's entries:
// synonyms come from the data, not from code), descriptions in their own language, and the facet values.
import type { Term } from 'n3';
import { PREFIXES } from '../rdf/namespaces.js';
import type { GraphReader } from './graph-reader.js';
import { mapSteps, type Steps } from './slices.js';
import { P, type Labeler } from './labels.js';
import { fold, type ActorFacetName, type FacetName, type LangText, type SearchDocument, type WorkFacetName } from './search.js';

export interface ListDocuments {
  commons: SearchDocument[];
  actors: Array<SearchDocument<ActorFacetName>>;
  services: Array<SearchDocument<WorkFacetName>>;
  projects: Array<SearchDocument<WorkFacetName>>;
  /** `${facet} ${value}` → the IRI of the facet value, for its label. */
  facetIris: Map<string, string>;
}

const ALT_LABEL = `${PREFIXES.skos}altLabel`;
const PREF_LABEL = `${PREFIXES.skos}prefLabel`;
const slug = (iri: string) => iri.slice(iri.lastIndexOf('/') + 1);
const tagged = (terms: Term[]): LangText[] => terms.map((t) => (t.termType === 'Literal' && t.language ? { text: t.value, lang: t.language } : { text: t.value }));

/** Every list's documents, in steps (see slices.ts): one document is a few lookups, but there is one per entry. */
export function* searchDocumentSteps(reader: GraphReader, labels: Labeler): Steps<ListDocuments> {
  const facetIris = new Map<string, string>();
  const keyed = (facet: string, iris: string[]) =>
    [...new Set(iris)].map((iri) => {
      const key = slug(iri);
      facetIris.set(`${facet} ${key}`, iri);
      return key;
    });
  // Concepts are few and shared by many entries: their words are read once each.
  const conceptWords = new Map<string, LangText[]>();
  const conceptTexts = (iri: string): LangText[] => {
    let texts = conceptWords.get(iri);
    if (!texts) {
      texts = tagged([...reader.literals(iri, PREF_LABEL), ...reader.literals(iri, ALT_LABEL)]);
      if (!texts.length) texts = [{ text: labels.label(iri, 'fr').text }];
      conceptWords.set(iri, texts);
    }
    return texts;
  };
  /** `concepts` are those whose labels rank between names and descriptions. */
  const document = <F extends string>(iri: string, concepts: string[], facets: Record<F, string[]>): SearchDocument<F> => ({
    iri,
    names: [...new Set([labels.label(iri, 'fr').text, labels.label(iri, 'en').text, ...reader.literals(iri, P.alternateName).map((t) => t.value)])],
    themes: [...new Set(concepts)].flatMap(conceptTexts),
    descriptions: tagged(reader.literals(iri, P.description)),
    sortKey: fold(labels.label(iri, 'fr').text),
    facets,
  });
  const commons = yield* mapSteps(reader.all('commons'), (iri) => {
    const carriers = reader.iris(iri, P.maintainer);
    const themes = reader.iris(iri, P.subject);
    const territories = reader.iris(iri, P.areaServed);
    return document<FacetName>(iri, [...themes, ...territories], {
      theme: keyed('theme', themes),
      licence: keyed('licence', reader.iris(iri, P.license)),
      type: keyed('type', carriers.flatMap((c) => reader.iris(c, P.classification))),
      territory: keyed('territory', [...territories, ...carriers.flatMap((c) => reader.iris(c, P.areaServed))]),
      skill: keyed('skill', carriers.flatMap((c) => reader.iris(c, P.knowsAbout))),
    });
  });
  const actors = yield* mapSteps(reader.all('actor'), (iri) => {
    const types = reader.iris(iri, P.classification);
    const skills = reader.iris(iri, P.knowsAbout);
    const territories = reader.iris(iri, P.areaServed);
    return document<ActorFacetName>(iri, [...types, ...skills, ...territories], {
      type: keyed('type', types),
      territory: keyed('territory', territories),
      skill: keyed('skill', skills),
    });
  });
  /** Services and projects: what they are about and where. */
  const work = (iri: string) => {
    const themes = reader.iris(iri, P.subject);
    const territories = reader.iris(iri, P.areaServed);
    return document<WorkFacetName>(iri, [...themes, ...territories], { theme: keyed('theme', themes), territory: keyed('territory', territories) });
  };
  const services = yield* mapSteps(reader.all('service'), work);
  const projects = yield* mapSteps(reader.all('project'), work);
  return { commons, actors, services, projects, facetIris };
}
