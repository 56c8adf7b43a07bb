// **wikidata** reads the entity JSON of Wikidata's Special:EntityData/Q….json into a commons or an
// organisation draft. Only statements with a value and a usable rank are read, the preferred ones first.
// Licences go through the SPDX identifier of the licence item (P2479), from a mapping file that
// `--refresh-licences` rebuilds from the Wikidata Query Service.
import { readFile, writeFile } from 'node:fs/promises';
import { PREFIXES, UC } from '../rdf/namespaces.js';
import { add, iri, newDraft, slugify, text, typed, type Draft, type DraftLiteral, type ImportNote } from './draft.js';
import { ImportError } from './publiccode.js';
import type { OrganisationRef } from './organisations.js';
import { spdxId } from './licence.js';

const S = PREFIXES.schema;
export const WIKIDATA_ENTITY = 'http://www.wikidata.org/entity/';

export type WikidataKind = 'commons' | 'actors';

export interface WikidataImport {
  qid: string;
  entry: Draft;
  /** Items the entry points to (headquarters, legal form) that the directory cannot link without a person. */
  organisations: OrganisationRef[];
  notes: ImportNote[];
}

interface Snak {
  snaktype?: string;
  datavalue?: { type?: string; value?: unknown };
}
interface Statement {
  mainsnak?: Snak;
  rank?: string;
}
interface Entity {
  id?: string;
  labels?: Record<string, { language?: string; value?: string }>;
  descriptions?: Record<string, { language?: string; value?: string }>;
  claims?: Record<string, Statement[]>;
}

export function qidFrom(input: string): string | undefined {
  const m = /^(?:https?:\/\/(?:www\.)?wikidata\.org\/(?:wiki\/|entity\/|wiki\/Special:EntityData\/))?(Q[1-9]\d*)(?:\.json)?$/.exec(input.trim());
  return m?.[1];
}

/** Statement values of a property: preferred rank first, deprecated ones never. */
function values(entity: Entity, property: string): unknown[] {
  const statements = (entity.claims?.[property] ?? []).filter((s) => s.rank !== 'deprecated' && s.mainsnak?.snaktype === 'value');
  const preferred = statements.filter((s) => s.rank === 'preferred');
  return (preferred.length ? preferred : statements).map((s) => s.mainsnak?.datavalue?.value);
}
const strings = (entity: Entity, p: string) => values(entity, p).filter((v): v is string => typeof v === 'string');
const items = (entity: Entity, p: string) =>
  values(entity, p).map((v) => (v && typeof v === 'object' ? (v as { id?: unknown }).id : undefined)).filter((v): v is string => typeof v === 'string');

/** A Wikidata time value as a typed date, as precise as Wikidata states it (year 9, month 10, day 11). */
export function wikidataDate(value: unknown): DraftLiteral | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { time, precision } = value as { time?: unknown; precision?: unknown };
  const m = typeof time === 'string' ? /^\+(\d{4})-(\d{2})-(\d{2})T/.exec(time) : null;
  if (!m || typeof precision !== 'number') return undefined;
  if (precision >= 11) return typed(`${m[1]}-${m[2]}-${m[3]}`, `${PREFIXES.xsd}date`);
  if (precision === 10) return typed(`${m[1]}-${m[2]}`, `${PREFIXES.xsd}gYearMonth`);
  if (precision === 9) return typed(m[1], `${PREFIXES.xsd}gYear`);
  return undefined;
}

const httpUrl = (s: string) => (/^https?:\/\//.test(s) ? s : undefined);

export interface LicenceMap {
  licences: Record<string, string>;
}

export async function readLicenceMap(file: string): Promise<LicenceMap> {
  return JSON.parse(await readFile(file, 'utf8')) as LicenceMap;
}

export function readWikidata(json: string, requestedQid: string | undefined, licences: LicenceMap, now: Date, kind?: WikidataKind): WikidataImport {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (error) {
    throw new ImportError(`not Wikidata entity JSON: ${(error as Error).message}`);
  }
  const entities = (doc as { entities?: Record<string, Entity> })?.entities;
  if (!entities || typeof entities !== 'object') throw new ImportError('not Wikidata entity JSON: no "entities" object (expected the document of Special:EntityData/Q….json)');
  const ids = Object.keys(entities);
  const qid = requestedQid && entities[requestedQid] ? requestedQid : ids.length === 1 ? ids[0] : undefined;
  if (!qid) throw new ImportError(`the document holds ${ids.length ? ids.join(', ') : 'no entity'}; say which one to import`);
  // Special:EntityData follows redirects: the key may be the old id while entity.id is the current one.
  const entity = entities[qid];
  const id = entity.id ?? qid;
  if (!qidFrom(id)) throw new ImportError(`"${id}" is not an item id (Q…)`);

  const notes: ImportNote[] = [];
  const chosen = kind ?? guessKind(entity);
  if (!chosen) throw new ImportError(`${id}: cannot tell whether it is software or an organisation (no repository, licence, headquarters or legal form); say --as commons or --as organisation`);
  const label = entity.labels?.fr?.value ?? entity.labels?.en?.value;
  if (!label) throw new ImportError(`${id} has no label in French or English`);
  const entry = newDraft(chosen, slugify(label), chosen === 'commons' ? [`${UC}DigitalCommons`, `${S}SoftwareApplication`] : [`${PREFIXES.org}Organization`]);
  add(entry, `${S}name`, text(label));
  if (entity.labels?.en?.value && entity.labels.en.value !== label) add(entry, `${S}alternateName`, text(entity.labels.en.value, 'en'));
  for (const lang of ['fr', 'en']) {
    const d = entity.descriptions?.[lang]?.value;
    if (d) add(entry, `${S}description`, text(d, lang));
    else notes.push({ level: 'warning', field: `descriptions.${lang}`, message: `no ${lang === 'fr' ? 'French' : 'English'} description on Wikidata; none is invented (see the validator's report below)` });
  }
  for (const u of strings(entity, 'P856').map(httpUrl)) if (u) add(entry, `${S}url`, iri(u));
  add(entry, `${S}sameAs`, iri(`${WIKIDATA_ENTITY}${id}`));

  const organisations: OrganisationRef[] = [];
  if (chosen === 'commons') {
    for (const u of strings(entity, 'P1324').map(httpUrl)) if (u) add(entry, `${S}codeRepository`, iri(u.replace(/\.git$/, '')));
    for (const item of items(entity, 'P275')) {
      const spdx = licences.licences[item] && spdxId(licences.licences[item]);
      if (spdx) add(entry, `${S}license`, iri(`${PREFIXES.spdx}${spdx}`));
      else notes.push({ level: 'warning', field: 'P275', message: `licence ${item} has no SPDX identifier in the mapping file; refresh it (--refresh-licences) or add the licence by hand` });
    }
    const inception = values(entity, 'P571').map(wikidataDate).find(Boolean);
    if (inception) add(entry, `${S}dateCreated`, inception);
  } else {
    const inception = values(entity, 'P571').map(wikidataDate).find(Boolean);
    if (inception) add(entry, `${S}foundingDate`, inception);
    // Headquarters and legal form are items; the directory has territories and organisation types of its
    // own, and mapping one to the other is a person's choice, so they are reported rather than guessed.
    for (const item of items(entity, 'P159')) notes.push({ level: 'info', field: 'P159', message: `headquarters: ${WIKIDATA_ENTITY}${item} (choose schema:areaServed from ontology/schemes/territories.ttl)` });
    for (const item of items(entity, 'P1454')) notes.push({ level: 'info', field: 'P1454', message: `legal form: ${WIKIDATA_ENTITY}${item} (choose org:classification from ontology/schemes/actor-types.ttl)` });
  }
  add(entry, `${PREFIXES.dcterms}source`, iri(`${WIKIDATA_ENTITY}${id}`));
  add(entry, `${PREFIXES.prov}generatedAtTime`, typed(now.toISOString().replace(/\.\d{3}Z$/, 'Z'), `${PREFIXES.xsd}dateTime`));
  return { qid: id, entry, organisations, notes };
}

function guessKind(entity: Entity): WikidataKind | undefined {
  const has = (p: string) => (entity.claims?.[p]?.length ?? 0) > 0;
  if (has('P1324') || has('P275')) return 'commons';
  if (has('P159') || has('P1454')) return 'actors';
  return undefined;
}

/** Rebuilds the licence mapping from the Wikidata Query Service's JSON results of ontology/queries/wikidata/licences.rq. */
export function licenceMapFromResults(results: unknown, about: string): LicenceMap & { about: string } {
  const bindings = (results as { results?: { bindings?: Record<string, { value?: string }>[] } })?.results?.bindings;
  if (!Array.isArray(bindings)) throw new ImportError('not SPARQL JSON results: no results.bindings');
  const licences: Record<string, string> = {};
  for (const b of bindings) {
    const qid = b.licence?.value && qidFrom(b.licence.value);
    const id = b.spdx?.value && spdxId(b.spdx.value);
    if (qid && id && !licences[qid]) licences[qid] = id;
  }
  return { about, licences: Object.fromEntries(Object.entries(licences).sort(([a], [b]) => a.localeCompare(b))) };
}

export async function writeLicenceMap(file: string, map: LicenceMap & { about: string }): Promise<void> {
  await writeFile(file, `${JSON.stringify(map, null, 2)}\n`);
}
