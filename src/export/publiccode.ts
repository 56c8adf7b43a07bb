// **publiccode export** writes a commons of the graph back out as a publiccode.yml (version 0.4), the
// reverse of the importer. Only what the graph says is written; the keys the standard requires but the
// directory cannot know (a long description, features, how it is maintained, its interface languages…)
// are listed as missing, never made up, and shown at the top of the file as a comment.
import { stringify } from 'yaml';
import { PREFIXES, UC } from '../rdf/namespaces.js';
import { STATUS_TO_REPOSTATUS } from '../import/publiccode.js';
import type { QuadStore } from '../graph/compact-store.js';

const S = PREFIXES.schema;

/** Keys the standard requires (publiccode.yml 0.4, as its reference parser checks them). */
export const REQUIRED_KEYS = [
  'publiccodeYmlVersion', 'name', 'url', 'platforms', 'developmentStatus', 'softwareType',
  'description.<lang>.shortDescription', 'description.<lang>.longDescription', 'description.<lang>.features',
  'legal.license', 'maintenance.type', 'localisation.localisationReady', 'localisation.availableLanguages',
] as const;

/** The standard's limits on the two description texts. */
const SHORT_MAX = 150;
const LONG_MIN = 150;

const REPOSTATUS_TO_STATUS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(STATUS_TO_REPOSTATUS).map(([status, repo]) => [repo, status])),
  // Reverse of a many-to-one map: wip is the importer's "development" and "beta"; these have no other match.
  wip: 'development', inactive: 'obsolete', suspended: 'obsolete', abandoned: 'obsolete', moved: 'obsolete',
};

export interface PubliccodeExport {
  /** The document, ready for YAML. */
  doc: Record<string, unknown>;
  /** Required keys the directory cannot fill. */
  missing: string[];
}

/** Whether a commons has the minimum worth exporting: a name, a repository (url:) and a licence. */
export function exportable(store: QuadStore, iri: string): boolean {
  const has = (p: string) => store.countQuads(iri, p, null, null) > 0;
  return store.countQuads(iri, PREFIXES.rdf + 'type', `${UC}DigitalCommons`, null) > 0 && has(`${S}name`) && has(`${S}codeRepository`) && has(`${S}license`);
}

export function commonsToPubliccode(store: QuadStore, iri: string): PubliccodeExport | undefined {
  if (!exportable(store, iri)) return undefined;
  const objects = (p: string, s = iri) => store.getObjects(s, p, null);
  const first = (p: string, s = iri) => objects(p, s)[0]?.value;
  const name = objects(`${S}name`).find((t) => t.termType === 'Literal' && (!('language' in t) || !t.language || t.language === 'fr'))?.value ?? first(`${S}name`)!;
  const missing: string[] = [];
  const doc: Record<string, unknown> = { publiccodeYmlVersion: '0.4', name, url: first(`${S}codeRepository`) };
  const landing = first(`${S}url`);
  if (landing) doc.landingURL = landing;
  const basedOn = objects(`${S}isBasedOn`).map((t) => t.value);
  if (basedOn.length) doc.isBasedOn = basedOn.length === 1 ? basedOn[0] : basedOn;
  const released = first(`${S}datePublished`);
  if (released && /^\d{4}-\d{2}-\d{2}$/.test(released)) doc.releaseDate = released;
  const platforms = objects(`${S}operatingSystem`).map((t) => t.value);
  if (platforms.length) doc.platforms = platforms;
  else missing.push('platforms');
  const status = first(`${PREFIXES.codemeta}developmentStatus`);
  if (status && REPOSTATUS_TO_STATUS[status]) doc.developmentStatus = REPOSTATUS_TO_STATUS[status];
  else missing.push('developmentStatus');
  const softwareType = first(`${UC}softwareType`);
  if (softwareType) doc.softwareType = softwareType;
  else missing.push('softwareType');

  const orgName = (o: string) => first(`${S}name`, o) ?? o;
  const funders = objects(`${S}funder`).map((t) => ({ name: orgName(t.value), ...(first(`${S}url`, t.value) ? { uri: first(`${S}url`, t.value) } : {}) }));
  if (funders.length) doc.fundedBy = funders;
  const users = objects(`${PREFIXES.uc}usedBy`).map((t) => orgName(t.value));
  if (users.length) doc.usedBy = users;

  const description: Record<string, Record<string, unknown>> = {};
  for (const t of objects(`${S}description`)) {
    if (t.termType !== 'Literal' || !t.language) continue;
    const text = t.value;
    const entry: Record<string, unknown> = {};
    if ([...text].length <= SHORT_MAX) entry.shortDescription = text;
    if ([...text].length >= LONG_MIN) entry.longDescription = text;
    description[t.language] = entry;
    if (!entry.shortDescription) missing.push(`description.${t.language}.shortDescription`);
    if (!entry.longDescription) missing.push(`description.${t.language}.longDescription`);
    missing.push(`description.${t.language}.features`);
  }
  if (Object.keys(description).length) doc.description = description;
  else missing.push('description.<lang>.shortDescription', 'description.<lang>.longDescription', 'description.<lang>.features');

  const licences = objects(`${S}license`).map((t) => t.value).filter((v) => v.startsWith(PREFIXES.spdx)).map((v) => v.slice(PREFIXES.spdx.length));
  const legal: Record<string, string> = { license: licences.join(' AND ') };
  const owner = objects(`${S}maintainer`)[0];
  if (owner) legal.repoOwner = orgName(owner.value);
  const holder = objects(`${S}copyrightHolder`)[0] ?? owner;
  if (holder) legal.mainCopyrightOwner = orgName(holder.value);
  doc.legal = legal;
  const contractors = objects(`${S}contributor`);
  // Contractors need an end date the directory does not hold; maintenance.type cannot be told either.
  missing.push('maintenance.type', 'localisation.localisationReady', 'localisation.availableLanguages');
  if (contractors.length === 0 && !owner) missing.push('legal.repoOwner');
  return { doc, missing };
}

export function toPubliccodeYaml(exported: PubliccodeExport, iri: string): string {
  const header = [
    '# publiccode.yml written by Usages communs from its entry',
    `# ${iri}`,
    ...(exported.missing.length ? ['# Required by the standard but not known to the directory, to complete before publishing:', ...exported.missing.map((k) => `#   - ${k}`)] : []),
  ];
  return `${header.join('\n')}\n${stringify(exported.doc, { lineWidth: 0 })}`;
}
