// **assemble** joins what an importer read to the directory: organisations reconciled (or proposed),
// themes from the SKOS alignment or the contributor's choice, and a slug that is not taken.
import { PREFIXES } from '../rdf/namespaces.js';
import { add, iri, type Draft, type ImportNote } from './draft.js';
import { reconcile, ROLE_PREDICATES, type DirectoryIndex, type OrganisationRef, type Reconciled } from './organisations.js';

export interface Assembled {
  entry: Draft;
  skeletons: Draft[];
  links: Reconciled[];
  notes: ImportNote[];
}

export interface AssembleOptions {
  slug?: string;
  /** Theme slugs chosen by the contributor, added to those the categories give. */
  themes?: string[];
}

export function assemble(entry: Draft, organisations: OrganisationRef[], categoryThemes: string[], index: DirectoryIndex, sourceIri: string, options: AssembleOptions = {}): Assembled {
  const notes: ImportNote[] = [];
  // The entry keeps its slug: an existing file of that name is reported (or replaced with force), never shadowed by "-2".
  if (options.slug) entry.slug = options.slug;
  index.slugs.get(entry.kind)?.add(entry.slug);
  const { links, skeletons } = reconcile(organisations, index, sourceIri);
  for (const link of links) {
    // The copyright holder is recorded only when it is not already the carrier: one fact, one place.
    // So is a contractor that is the carrier itself (an "internal" contract).
    if ((link.ref.role === 'copyrightHolder' || link.ref.role === 'contributor') && links.some((l) => l.ref.role === 'maintainer' && l.iri === link.iri)) continue;
    add(entry, ROLE_PREDICATES[link.ref.role], iri(link.iri));
    const how = link.match === 'new' ? 'new organisation skeleton, to complete' : `matched an existing entry by ${link.match}`;
    notes.push({ level: link.match === 'new' ? 'warning' : 'info', field: link.ref.role, message: `"${link.ref.name}" → ${link.iri} (${how})` });
  }
  const themeIris = [...categoryThemes, ...(options.themes ?? []).map((t) => `${index.baseIri}id/themes/${t}`)];
  if (themeIris.length) add(entry, `${PREFIXES.dcterms}subject`, ...themeIris.map(iri));
  else notes.push({ level: 'warning', field: 'categories', message: 'no category maps to a theme (ontology/alignments/publiccode-categories.ttl): choose one with --theme' });
  // Keep a stable, readable order: the source and its date last, as provenance.
  reorder(entry);
  skeletons.forEach(reorder);
  return { entry, skeletons, links, notes };
}

const ORDER = [
  'schema:name', 'schema:alternateName', 'schema:description', 'schema:url', 'schema:codeRepository', 'schema:sameAs',
  'schema:license', 'codemeta:developmentStatus', 'uc:softwareType', 'schema:operatingSystem', 'schema:dateCreated', 'schema:datePublished',
  'schema:foundingDate', 'org:classification', 'dcterms:subject', 'schema:areaServed', 'schema:isBasedOn',
  'schema:maintainer', 'schema:copyrightHolder', 'schema:contributor', 'schema:funder', 'uc:usedBy',
  'dcterms:source', 'prov:generatedAtTime',
].map((curie) => {
  const [prefix, local] = curie.split(':');
  return `${PREFIXES[prefix]}${local}`;
});

export function reorder(draft: Draft): void {
  const rank = (p: string) => (ORDER.includes(p) ? ORDER.indexOf(p) : ORDER.length);
  draft.values = new Map([...draft.values].sort(([a], [b]) => rank(a) - rank(b)));
}
