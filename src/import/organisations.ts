// **organisations** reconciles the organisations an imported file names with the directory's entries:
// first by website, then by name (accents, case and punctuation aside). What matches nothing becomes a
// skeleton entry for a person to complete; nothing is guessed about it (type, description).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Parser } from 'n3';
import { PREFIXES } from '../rdf/namespaces.js';
import { add, iri, newDraft, slugify, text, type Draft } from './draft.js';

const S = PREFIXES.schema;

export type OrganisationRole = 'maintainer' | 'copyrightHolder' | 'funder' | 'usedBy' | 'contributor';

export interface OrganisationRef {
  role: OrganisationRole;
  name: string;
  website?: string;
  /** A Wikidata item, when the source gives one (an organisation imported from Wikidata). */
  sameAs?: string;
}

/** The predicate of the commons that each role becomes. */
export const ROLE_PREDICATES: Readonly<Record<OrganisationRole, string>> = {
  maintainer: `${S}maintainer`,
  copyrightHolder: `${S}copyrightHolder`,
  funder: `${S}funder`,
  usedBy: `${PREFIXES.uc}usedBy`,
  contributor: `${S}contributor`,
};

/** What the directory already holds, indexed once so that each lookup is constant time. */
export interface DirectoryIndex {
  baseIri: string;
  /** Existing entry IRIs by kind folder → slug set, to avoid clashes. */
  slugs: Map<string, Set<string>>;
  actorsByWebsite: Map<string, string>;
  actorsByName: Map<string, string>;
  /** Every entry (any kind) by website and by repository, for linking Wikidata results. */
  entriesByUrl: Map<string, string[]>;
  sameAs: Map<string, string[]>;
}

/** A website as a comparison key: scheme, "www.", case and trailing slash do not count. */
export function websiteKey(url: string): string | undefined {
  try {
    const u = new URL(url);
    const host = u.hostname.toLowerCase().replace(/^www\./, '');
    const p = u.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
    return `${host}${p.toLowerCase()}${u.search}`;
  } catch {
    return undefined;
  }
}

export function nameKey(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

export async function indexDirectory(dataDir: string, baseIri: string): Promise<DirectoryIndex> {
  const index: DirectoryIndex = { baseIri, slugs: new Map(), actorsByWebsite: new Map(), actorsByName: new Map(), entriesByUrl: new Map(), sameAs: new Map() };
  for (const kind of ['actors', 'commons', 'services', 'projects']) {
    const slugs = new Set<string>();
    index.slugs.set(kind, slugs);
    let files: string[];
    try {
      files = (await readdir(path.join(dataDir, kind))).filter((f) => f.endsWith('.ttl')).sort();
    } catch {
      continue;
    }
    for (const file of files) {
      const slug = file.slice(0, -4);
      slugs.add(slug);
      const entity = `${baseIri}id/${kind}/${slug}`;
      const quads = new Parser({ baseIRI: entity }).parse(await readFile(path.join(dataDir, kind, file), 'utf8'));
      for (const q of quads) {
        if (q.subject.value !== entity) continue;
        const p = q.predicate.value;
        if ((p === `${S}url` || p === `${S}codeRepository`) && q.object.termType === 'NamedNode') {
          const key = websiteKey(q.object.value);
          if (!key) continue;
          index.entriesByUrl.set(key, [...(index.entriesByUrl.get(key) ?? []), entity]);
          if (kind === 'actors' && p === `${S}url` && !index.actorsByWebsite.has(key)) index.actorsByWebsite.set(key, entity);
        } else if (p === `${S}sameAs`) {
          index.sameAs.set(entity, [...(index.sameAs.get(entity) ?? []), q.object.value]);
        } else if (kind === 'actors' && (p === `${S}name` || p === `${S}alternateName`) && q.object.termType === 'Literal') {
          const key = nameKey(q.object.value);
          if (key && !index.actorsByName.has(key)) index.actorsByName.set(key, entity);
        }
      }
    }
  }
  return index;
}

export interface Reconciled {
  ref: OrganisationRef;
  iri: string;
  /** How it was found: an existing entry matched by website or by name, or a new skeleton. */
  match: 'website' | 'name' | 'new';
}

/**
 * Finds or proposes an entry for each organisation. The same organisation named twice (repoOwner and
 * mainCopyrightOwner, often) yields one skeleton.
 */
export function reconcile(refs: OrganisationRef[], index: DirectoryIndex, sourceIri: string): { links: Reconciled[]; skeletons: Draft[] } {
  const links: Reconciled[] = [];
  const skeletons: Draft[] = [];
  const proposed = new Map<string, Draft>();
  const actorIri = (slug: string) => `${index.baseIri}id/actors/${slug}`;
  for (const ref of refs) {
    const byWebsite = ref.website && lookupWebsite(ref.website, index);
    if (byWebsite) {
      links.push({ ref, iri: byWebsite, match: 'website' });
      continue;
    }
    const byName = index.actorsByName.get(nameKey(ref.name));
    if (byName) {
      links.push({ ref, iri: byName, match: 'name' });
      continue;
    }
    const key = nameKey(ref.name);
    let skeleton = proposed.get(key);
    if (!skeleton) {
      skeleton = newDraft('actors', freeSlug(slugify(ref.name) || 'organisation', index), [`${PREFIXES.org}Organization`]);
      add(skeleton, `${S}name`, text(ref.name));
      if (ref.website) add(skeleton, `${S}url`, iri(ref.website));
      if (ref.sameAs) add(skeleton, `${S}sameAs`, iri(ref.sameAs));
      add(skeleton, `${PREFIXES.dcterms}source`, iri(sourceIri));
      proposed.set(key, skeleton);
      skeletons.push(skeleton);
    } else if (ref.website && !skeleton.values.get(`${S}url`)) {
      add(skeleton, `${S}url`, iri(ref.website));
    }
    links.push({ ref, iri: actorIri(skeleton.slug), match: 'new' });
  }
  return { links, skeletons };
}

function lookupWebsite(website: string, index: DirectoryIndex): string | undefined {
  const key = websiteKey(website);
  if (!key) return undefined;
  // An organisation's page on a larger site (…/about) still names the organisation whose home is that host.
  return index.actorsByWebsite.get(key) ?? index.actorsByWebsite.get(key.split('/')[0]);
}

/** A slug not yet taken in the folder; reserves it. */
export function freeSlug(slug: string, index: DirectoryIndex, kind = 'actors'): string {
  const taken = index.slugs.get(kind) ?? new Set<string>();
  index.slugs.set(kind, taken);
  let candidate = slug;
  for (let n = 2; taken.has(candidate); n++) candidate = `${slug}-${n}`;
  taken.add(candidate);
  return candidate;
}
