// **labels** chooses what pages print for an IRI or a literal: the best label in the page's language,
// then French, then any; an IRI only as the last resort, shortened. Templates get the result as plain text.
import type { Literal, Term } from 'n3';
import { PREFIXES, entityPrefixes, shorten } from '../rdf/namespaces.js';
import { LABEL_PREDICATES } from '../graph/describe.js';
import type { Lang } from '../render/views.js';
import type { QuadStore } from '../graph/compact-store.js';

/** Text shown on a page; `lang` is set only when it differs from the page's language, for a lang attribute. */
export interface Text {
  text: string;
  lang?: string;
}

/** A link for templates: `href` is absent when the target must not become a live link. */
export interface Link {
  label: Text;
  href?: string;
  /** A page of this server: templates keep the page language on it. */
  local?: boolean;
  /** Extra words after the link (roles, college, counts). */
  note?: Text;
}

/** Rank of a literal's language for a page: its own language first, then untagged, then French, then any. */
function rank(literal: Literal, lang: Lang): number {
  const tag = literal.language.toLowerCase().split('-')[0];
  if (tag === lang) return 0;
  if (!tag) return 1;
  if (tag === 'fr') return 2;
  return 3;
}

/** The literal best suited to the page among `terms` (non-literals ignored), as Text. */
export function pickText(terms: readonly Term[], lang: Lang): Text | undefined {
  let best: Literal | undefined;
  for (const term of terms) {
    if (term.termType !== 'Literal') continue;
    if (!best || rank(term, lang) < rank(best, lang)) best = term;
  }
  return best && toText(best, lang);
}

export function toText(literal: Literal, lang: Lang): Text {
  const tag = literal.language;
  return tag && tag.toLowerCase().split('-')[0] !== lang ? { text: literal.value, lang: tag } : { text: literal.value };
}

/** Only http and https targets become links: a javascript: or data: IRI in the data stays inert text. */
export function safeHref(iri: string): string | undefined {
  return /^https?:\/\//i.test(iri) ? iri : undefined;
}

export interface Labeler {
  /** The label of `iri` for a page in `lang`. */
  label(iri: string, lang: Lang): Text;
  /** Whether the graph gives `iri` a label at all. */
  has(iri: string): boolean;
}

/** Reads every label once, so that each lookup afterwards is one map access. */
export function createLabeler(store: QuadStore, baseIri: string): Labeler {
  const byIri = new Map<string, Term[][]>();
  LABEL_PREDICATES.forEach((predicate, i) => {
    for (const q of store.getQuads(null, predicate, null, null)) {
      const slots = byIri.get(q.subject.value) ?? LABEL_PREDICATES.map(() => []);
      slots[i].push(q.object);
      byIri.set(q.subject.value, slots);
    }
  });
  const prefixes = entityPrefixes(baseIri);
  const cache: Record<Lang, Map<string, Text>> = { fr: new Map(), en: new Map() };
  return {
    has: (iri) => byIri.has(iri),
    label(iri, lang) {
      const cached = cache[lang].get(iri);
      if (cached) return cached;
      let text: Text | undefined;
      for (const slot of byIri.get(iri) ?? []) if ((text = pickText(slot, lang))) break;
      text ??= { text: shortIri(iri, prefixes) };
      cache[lang].set(iri, text);
      return text;
    },
  };
}

function shortIri(iri: string, prefixes: Record<string, string>): string {
  const short = shorten(iri, prefixes);
  if (!short.startsWith('<')) return short;
  const tail = iri.replace(/[/#]+$/, '').split(/[/#]/).pop();
  return tail || iri;
}

export const P = {
  type: `${PREFIXES.rdf}type`,
  name: `${PREFIXES.schema}name`,
  alternateName: `${PREFIXES.schema}alternateName`,
  description: `${PREFIXES.schema}description`,
  url: `${PREFIXES.schema}url`,
  codeRepository: `${PREFIXES.schema}codeRepository`,
  sameAs: `${PREFIXES.schema}sameAs`,
  license: `${PREFIXES.schema}license`,
  maintainer: `${PREFIXES.schema}maintainer`,
  contributor: `${PREFIXES.schema}contributor`,
  funder: `${PREFIXES.schema}funder`,
  provider: `${PREFIXES.schema}provider`,
  areaServed: `${PREFIXES.schema}areaServed`,
  knowsAbout: `${PREFIXES.schema}knowsAbout`,
  foundingDate: `${PREFIXES.schema}foundingDate`,
  startDate: `${PREFIXES.schema}startDate`,
  endDate: `${PREFIXES.schema}endDate`,
  dateCreated: `${PREFIXES.schema}dateCreated`,
  programmingLanguage: `${PREFIXES.schema}programmingLanguage`,
  isBasedOn: `${PREFIXES.schema}isBasedOn`,
  subject: `${PREFIXES.dcterms}subject`,
  created: `${PREFIXES.dcterms}created`,
  modified: `${PREFIXES.dcterms}modified`,
  classification: `${PREFIXES.org}classification`,
  subOrganizationOf: `${PREFIXES.org}subOrganizationOf`,
  member: `${PREFIXES.org}member`,
  organization: `${PREFIXES.org}organization`,
  role: `${PREFIXES.org}role`,
  memberDuring: `${PREFIXES.org}memberDuring`,
  inScheme: `${PREFIXES.skos}inScheme`,
  definition: `${PREFIXES.skos}definition`,
  broader: `${PREFIXES.skos}broader`,
  developmentStatus: `${PREFIXES.codemeta}developmentStatus`,
  hasBeginning: `${PREFIXES.time}hasBeginning`,
  inXSDDate: `${PREFIXES.time}inXSDDate`,
  buildsOn: `${PREFIXES.uc}buildsOn`,
  usedBy: `${PREFIXES.uc}usedBy`,
  partnerOf: `${PREFIXES.uc}partnerOf`,
  college: `${PREFIXES.uc}college`,
  commissionedBy: `${PREFIXES.uc}commissionedBy`,
  produced: `${PREFIXES.uc}produced`,
  context: `${PREFIXES.uc}context`,
  method: `${PREFIXES.uc}method`,
  cooperativeRole: `${PREFIXES.uc}cooperativeRole`,
  currentState: `${PREFIXES.uc}currentState`,
  source: `${PREFIXES.dcterms}source`,
  generatedAtTime: `${PREFIXES.prov}generatedAtTime`,
  softwareType: `${PREFIXES.uc}softwareType`,
  operatingSystem: `${PREFIXES.schema}operatingSystem`,
  datePublished: `${PREFIXES.schema}datePublished`,
  copyrightHolder: `${PREFIXES.schema}copyrightHolder`,
} as const;
