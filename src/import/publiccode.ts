// **publiccode** reads a publiccode.yml (versions 0.2 to 0.4 of the standard) into a commons draft and the
// organisations it names. People are never carried over: maintenance.contacts and every personal field are
// dropped here, before anything else sees them, and only their number is reported.
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { PREFIXES, UC } from '../rdf/namespaces.js';
import { add, iri, newDraft, slugify, text, typed, typedDate, type Draft, type ImportNote } from './draft.js';
import { normaliseLicence } from './licence.js';
import type { OrganisationRef } from './organisations.js';

const S = PREFIXES.schema;

/** publiccode.yml's developmentStatus → repostatus values (codemeta:developmentStatus). */
export const STATUS_TO_REPOSTATUS: Readonly<Record<string, string>> = {
  concept: 'concept',
  development: 'wip',
  beta: 'wip',
  stable: 'active',
  obsolete: 'unsupported',
};

export const SOFTWARE_TYPES = [
  'standalone/mobile', 'standalone/iot', 'standalone/desktop', 'standalone/web', 'standalone/backend', 'standalone/other',
  'addon', 'library', 'configurationFiles',
] as const;

export class ImportError extends Error {}

export interface PubliccodeImport {
  version: string;
  commons: Draft;
  organisations: OrganisationRef[];
  /** publiccode.yml categories, for the SKOS mapping to themes. */
  categories: string[];
  notes: ImportNote[];
}

type Yaml = Record<string, unknown>;
const isObject = (v: unknown): v is Yaml => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const httpUrl = (v: unknown): string | undefined => {
  const s = str(v);
  if (!s) return undefined;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
};

/** A repository URL as people link to it: no trailing .git. */
const repositoryUrl = (v: unknown) => httpUrl(v)?.replace(/\.git$/, '');

/**
 * Parses a publiccode.yml document. `sourceIri` is where it was read from (dcterms:source);
 * `now` is the import time (prov:generatedAtTime), passed in so that tests control it.
 */
export function readPubliccode(yamlText: string, sourceIri: string, now: Date): PubliccodeImport {
  let doc: unknown;
  try {
    doc = parseYaml(yamlText, { uniqueKeys: false, maxAliasCount: 100 });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      throw new ImportError(`publiccode.yml is not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ''}: ${error.message.split('\n')[0]}`);
    }
    throw error;
  }
  if (!isObject(doc)) throw new ImportError('publiccode.yml: the document is not a mapping of keys (name:, url:, description:…)');
  const version = String(doc.publiccodeYmlVersion ?? '').trim();
  if (!version) throw new ImportError('publiccode.yml: publiccodeYmlVersion is missing; is this really a publiccode.yml file?');
  const minor = /^0(?:\.(\d+))?(?:\.\d+)?$/.exec(version);
  if (!minor || (minor[1] !== undefined && Number(minor[1]) < 2)) {
    throw new ImportError(`publiccode.yml: version "${version}" is not supported; this importer reads versions 0.2 to 0.4 (and later 0.x files through the same keys)`);
  }
  const name = str(doc.name);
  if (!name) throw new ImportError('publiccode.yml: the required key "name" is missing or empty');

  const notes: ImportNote[] = [];
  if (minor[1] !== undefined && Number(minor[1]) > 4) {
    notes.push({ level: 'info', field: 'publiccodeYmlVersion', message: `version ${version} is newer than 0.4: read through the keys of 0.2 to 0.4, which it keeps` });
  }
  const commons = newDraft('commons', slugify(name), [`${UC}DigitalCommons`, `${S}SoftwareApplication`]);
  add(commons, `${S}name`, text(name));

  const descriptions = isObject(doc.description) ? doc.description : {};
  for (const [lang, d] of Object.entries(descriptions)) {
    if (!isObject(d) || !/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/i.test(lang)) continue;
    const short = str(d.shortDescription) ?? firstParagraph(str(d.longDescription));
    if (short) add(commons, `${S}description`, text(oneLine(short), lang.toLowerCase()));
  }
  for (const lang of ['fr', 'en']) {
    if (!Object.keys(descriptions).some((l) => l.toLowerCase() === lang)) {
      notes.push({ level: 'warning', field: `description.${lang}`, message: `no ${lang === 'fr' ? 'French' : 'English'} description in the file; none is invented (see the validator's report below)` });
    }
  }

  const landing = httpUrl(doc.landingURL);
  if (landing) add(commons, `${S}url`, iri(landing));
  const repository = repositoryUrl(doc.url);
  if (repository) add(commons, `${S}codeRepository`, iri(repository));
  else notes.push({ level: 'warning', field: 'url', message: 'the repository URL is missing or is not an http(s) URL' });

  const legal = isObject(doc.legal) ? doc.legal : {};
  const licence = normaliseLicence(str(legal.license));
  for (const id of licence.ids) add(commons, `${S}license`, iri(`${PREFIXES.spdx}${id}`));
  notes.push(...licence.notes);

  const status = str(doc.developmentStatus);
  if (status) {
    const mapped = STATUS_TO_REPOSTATUS[status.toLowerCase()];
    if (mapped) add(commons, `${PREFIXES.codemeta}developmentStatus`, text(mapped));
    else notes.push({ level: 'warning', field: 'developmentStatus', message: `"${status}" is not a publiccode.yml status; left out` });
  }
  const softwareType = str(doc.softwareType);
  if (softwareType) {
    if ((SOFTWARE_TYPES as readonly string[]).includes(softwareType)) add(commons, `${UC}softwareType`, text(softwareType));
    else notes.push({ level: 'warning', field: 'softwareType', message: `"${softwareType}" is not a publiccode.yml software type; left out` });
  }
  for (const platform of list(doc.platforms)) {
    const p = str(platform);
    if (p) add(commons, `${S}operatingSystem`, text(p));
  }
  const created = typedDate(doc.creationDate);
  if (created) add(commons, `${S}dateCreated`, created);
  // 0.2–0.3 say releaseDate; some files nest it under latestRelease.
  const released = typedDate(doc.releaseDate) ?? (isObject(doc.latestRelease) ? typedDate(doc.latestRelease.date) : undefined);
  if (released) add(commons, `${S}datePublished`, released);
  const basedOn = list(doc.isBasedOn).length ? list(doc.isBasedOn) : [doc.isBasedOn];
  for (const b of basedOn) {
    const u = repositoryUrl(b);
    if (u) add(commons, `${S}isBasedOn`, iri(u));
  }

  add(commons, `${PREFIXES.dcterms}source`, iri(sourceIri));
  add(commons, `${PREFIXES.prov}generatedAtTime`, typed(now.toISOString().replace(/\.\d{3}Z$/, 'Z'), `${PREFIXES.xsd}dateTime`));

  const organisations = organisationsOf(doc, legal);
  const maintenance = isObject(doc.maintenance) ? doc.maintenance : {};
  const contacts = list(maintenance.contacts).length;
  if (contacts) notes.push({ level: 'info', field: 'maintenance.contacts', message: `${contacts} contact${contacts > 1 ? 's' : ''} dropped: the directory never records people` });
  if (!organisations.some((o) => o.role === 'maintainer')) {
    notes.push({ level: 'warning', field: 'legal.repoOwner', message: 'no repository owner: the commons needs an organisation that carries it (schema:maintainer)' });
  }
  const categories = list(doc.categories).map(str).filter((c): c is string => !!c);
  return { version, commons, organisations, categories, notes };
}

/** The organisations a publiccode.yml names, each with the relation it has to the software. */
function organisationsOf(doc: Yaml, legal: Yaml): OrganisationRef[] {
  const refs: OrganisationRef[] = [];
  const push = (role: OrganisationRef['role'], name: unknown, website?: unknown) => {
    const n = str(name);
    if (n) refs.push({ role, name: n, website: httpUrl(website) });
  };
  // 0.4: organisation.uri names the publishing body; it carries the software like repoOwner does.
  const maintenance = isObject(doc.maintenance) ? doc.maintenance : {};
  if (isObject(doc.organisation)) push('maintainer', doc.organisation.name ?? legal.repoOwner, doc.organisation.uri);
  else push('maintainer', legal.repoOwner);
  // "internal" maintenance is done by the body that owns the software: without repoOwner (deprecated in
  // 0.4), the copyright owner is that body.
  if (!refs.length && str(maintenance.type) === 'internal') push('maintainer', legal.mainCopyrightOwner);
  push('copyrightHolder', legal.mainCopyrightOwner);
  for (const f of list(doc.fundedBy)) if (isObject(f)) push('funder', f.name, f.uri ?? f.url);
  for (const u of list(doc.usedBy)) push('usedBy', u);
  // Contractors are organisations; their e-mail, like the contacts', is never read.
  for (const c of list(maintenance.contractors)) if (isObject(c)) push('contributor', c.name, c.website);
  return refs;
}

function firstParagraph(long: string | undefined): string | undefined {
  return long?.split(/\n\s*\n/)[0]?.trim() || undefined;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
