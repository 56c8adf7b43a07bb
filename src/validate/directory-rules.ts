// **directory-rules** checks what SHACL cannot see: how files, paths and IRIs fit together across the dataset,
// the project vocabulary's own terms, and licence identifiers.
import { createRequire } from 'node:module';
import type { Quad, Term } from 'n3';
import type { QuadStore } from '../graph/compact-store.js';
import { PREFIXES, RDF_TYPE, UC, entityPrefixes, shorten } from '../rdf/namespaces.js';
import { statementKey, tripleKey, type Location, type ParsedTurtle } from '../graph/parse-turtle.js';
import type { SourceFile } from '../graph/sources.js';
import type { SourceMap } from '../graph/source-map.js';
import type { Finding, FindingCode, Severity } from './finding.js';
import { say, suggestion, type Lang, type MessageKey } from './messages.js';
import { nearest } from './nearest.js';
import { checkEntries, checkSlug, isPlaceholder, unknownConcept } from './entry-rules.js';

const require = createRequire(import.meta.url);
const SPDX_IDS = new Set<string>(require('spdx-license-ids/index.json'));
const SPDX_DEPRECATED = new Set<string>(require('spdx-license-ids/deprecated.json'));
const SPDX = PREFIXES.spdx;

/** Folders of data/ and the class their entries must have. */
export const ENTRY_KINDS: Readonly<Record<string, string>> = Object.freeze({
  commons: `${UC}DigitalCommons`,
  actors: `${PREFIXES.org}Organization`,
  services: `${UC}Service`,
  projects: `${UC}Project`,
});

export interface ParsedSource {
  file: SourceFile;
  parsed: ParsedTurtle;
}

export interface Context {
  sources: ParsedSource[];
  store: QuadStore;
  sourceMap: SourceMap;
  baseIri: string;
  lang: Lang;
}

export function checkDirectoryRules(context: Context): Finding[] {
  return [
    ...checkPaths(context),
    ...checkDuplicates(context),
    ...checkLinks(context),
    ...checkVocabulary(context),
    ...checkLicences(context),
    ...checkEntries(context),
  ];
}

export function finding(
  context: Context,
  code: FindingCode,
  key: MessageKey,
  location: Location,
  params: Record<string, string>,
  extra: Partial<Finding> = {},
  severity: Severity = 'error',
): Finding {
  return { code, severity, location, ...say(context.lang, key, params), ...extra };
}

export function short(context: Context, iri: string): string {
  return shorten(iri, entityPrefixes(context.baseIri));
}

/** The data folder as the contributor sees it (data/, or the folder given to --data), with a final slash. */
export function dataRoot(file: SourceFile): string {
  return file.display.slice(0, file.display.length - file.relative.length);
}

export function start(file: SourceFile): Location {
  return { file: file.display, line: 1, column: 1 };
}

/** The path of a data file announces its entry; the file describes that entry and its #fragments only. */
function checkPaths(context: Context): Finding[] {
  const findings: Finding[] = [];
  const kinds = Object.keys(ENTRY_KINDS);
  const owners = new Map(context.sources.filter(({ file }) => file.entity).map(({ file }) => [file.entity!, file]));
  for (const { file, parsed } of context.sources) {
    if (file.root !== 'data' || !file.entity) continue;
    const [kind, ...rest] = file.relative.split('/');
    if (rest.length !== 1 || !ENTRY_KINDS[kind]) {
      const folder = `${dataRoot(file)}${file.relative.includes('/') ? `${file.relative.slice(0, file.relative.lastIndexOf('/'))}/` : ''}`;
      findings.push(finding(context, 'unknown-kind', 'unknown-kind', start(file), { folder, kinds: kinds.map((k) => `${dataRoot(file)}${k}/`).join(', ') }));
      continue;
    }
    const slugFinding = checkSlug(context, file, parsed, kind);
    if (slugFinding) {
      // The path's IRI is not one to compare against: the other path checks would echo this one.
      findings.push(slugFinding);
      continue;
    }
    const expected = file.entity;
    if (parsed.quads.length === 0) {
      findings.push(finding(context, 'empty-file', 'empty-file', start(file), { expected: `<${expected}>` }));
      continue;
    }
    const named = [...parsed.subjects.keys()].filter((s) => !isBlank(parsed, s));
    const idSpace = `${context.baseIri}id/`;
    // Without its announced entry, the file's main subject is most often a renamed file or a typo in the IRI.
    const main = parsed.subjects.has(expected) ? expected : (named.find((s) => s.startsWith(idSpace)) ?? named[0]);
    const ownedElsewhere = (subject: string) => {
      const owner = owners.get(subject.split('#')[0]);
      return !!owner && owner !== file;
    };
    if (main && main !== expected && !ownedElsewhere(main)) {
      const mainPath = main.startsWith(idSpace) ? `${dataRoot(file)}${main.slice(idSpace.length).split('#')[0]}.ttl` : file.display;
      findings.push(finding(context, 'path-mismatch', 'path-mismatch', parsed.subjects.get(main)!, {
        subject: `<${main}>`, expected: `<${expected}>`, expectedFile: mainPath,
      }, { focus: main }));
    } else if (main === expected && !hasType(context.store, expected, ENTRY_KINDS[kind])) {
      findings.push(finding(context, 'entry-type', 'entry-type', parsed.subjects.get(expected)!, {
        subject: short(context, expected), type: short(context, ENTRY_KINDS[kind]), folder: `${dataRoot(file)}${kind}/`,
      }, { focus: expected }));
    }
    for (const subject of named) {
      if (subject === main || subject.startsWith(`${main}#`) || ownedElsewhere(subject)) continue;
      findings.push(finding(context, 'foreign-subject', 'foreign-subject', parsed.subjects.get(subject)!, {
        subject: short(context, subject), expected: short(context, main ?? expected),
      }, { focus: subject }));
    }
  }
  return findings;
}

function isBlank(parsed: ParsedTurtle, subject: string): boolean {
  return parsed.quads.find((q) => q.subject.value === subject)?.subject.termType === 'BlankNode';
}

function hasType(store: QuadStore, subject: string, type: string): boolean {
  const wanted = new Set([type]);
  // No reasoner runs, so walk rdfs:subClassOf by hand (org:FormalOrganization ⊑ org:Organization).
  let grew = true;
  while (grew) {
    grew = false;
    for (const q of store.getQuads(null, `${PREFIXES.rdfs}subClassOf`, null, null)) {
      if (wanted.has(q.object.value) && !wanted.has(q.subject.value)) {
        wanted.add(q.subject.value);
        grew = true;
      }
    }
  }
  return store.getQuads(subject, RDF_TYPE, null, null).some((q) => wanted.has(q.object.value));
}

/**
 * An entry of the directory is described in one file only: the file its path names owns it,
 * and any other file that describes it is reported.
 */
function checkDuplicates(context: Context): Finding[] {
  const findings: Finding[] = [];
  const idSpace = `${context.baseIri}id/`;
  const describedIn = new Map<string, ParsedSource[]>();
  for (const source of context.sources) {
    for (const subject of source.parsed.subjects.keys()) {
      if (subject.startsWith(idSpace)) describedIn.set(subject, [...(describedIn.get(subject) ?? []), source]);
    }
  }
  for (const [subject, sources] of describedIn) {
    if (sources.length < 2) continue;
    const owner = sources.find(({ file }) => ownsSubject(file, subject)) ?? sources[0];
    const ownerLocation = owner.parsed.subjects.get(subject)!;
    for (const { parsed } of sources) {
      if (parsed === owner.parsed) continue;
      findings.push(finding(context, 'duplicate-subject', 'duplicate-subject', parsed.subjects.get(subject)!, {
        subject: short(context, subject),
        other: `${ownerLocation.file}:${ownerLocation.line}`,
      }, { focus: subject }));
    }
  }
  return findings;
}

function ownsSubject(file: SourceFile, subject: string): boolean {
  return !!file.entity && (subject === file.entity || subject.startsWith(`${file.entity}#`));
}

/** Every IRI of the directory that a file points to is described by some file. */
function checkLinks(context: Context): Finding[] {
  const findings: Finding[] = [];
  const idSpace = `${context.baseIri}id/`;
  const defined = new Set<string>();
  for (const { parsed } of context.sources) for (const s of parsed.subjects.keys()) if (s.startsWith(idSpace)) defined.add(s);
  for (const { file, parsed } of context.sources) {
    for (const quad of parsed.quads) {
      const target = quad.object;
      if (target.termType !== 'NamedNode' || !target.value.startsWith(idSpace) || defined.has(target.value) || isPlaceholder(target)) continue;
      const concept = unknownConcept(context, where(parsed, quad), quad);
      if (concept) {
        findings.push(concept);
        continue;
      }
      const relative = target.value.slice(idSpace.length).split('#')[0];
      findings.push(finding(context, 'dangling-link', 'dangling-link', where(parsed, quad), {
        target: short(context, target.value),
        suggestion: suggestion(context.lang, maybeShort(context, nearest(target.value, sameKind(target.value, defined)))),
        expected: `${file.root === 'data' ? dataRoot(file) : 'data/'}${relative}.ttl`,
      }, { focus: quad.subject.value, path: quad.predicate.value, value: target.value }));
    }
  }
  return findings;
}

/** A uc: term that the vocabulary does not define is a typo, not new data. */
function checkVocabulary(context: Context): Finding[] {
  const findings: Finding[] = [];
  const defined = new Set(
    context.store.getQuads(null, RDF_TYPE, null, null).map((q) => q.subject.value).filter((s) => s.startsWith(UC)),
  );
  for (const { parsed } of context.sources) {
    for (const quad of parsed.quads) {
      for (const term of [quad.predicate, quad.object] as Term[]) {
        if (term.termType !== 'NamedNode' || !term.value.startsWith(UC) || defined.has(term.value)) continue;
        const location = term === quad.predicate ? parsed.statements.get(statementKey(quad.subject.value, term.value))! : where(parsed, quad);
        findings.push(finding(context, 'unknown-term', 'unknown-term', location, {
          term: short(context, term.value),
          suggestion: suggestion(context.lang, maybeShort(context, nearest(term.value, defined))),
        }, { focus: quad.subject.value, path: quad.predicate.value }));
      }
    }
  }
  return findings;
}

/** SHACL checks the form of a licence IRI; this checks that SPDX knows the identifier, and reads a licence written as text. */
function checkLicences(context: Context): Finding[] {
  const findings: Finding[] = [];
  const licenceProperties = new Set([`${PREFIXES.schema}license`, `${PREFIXES.dcterms}license`]);
  for (const { parsed } of context.sources) {
    for (const quad of parsed.quads) {
      if (!licenceProperties.has(quad.predicate.value)) continue;
      if (quad.object.termType === 'Literal' && !isPlaceholder(quad.object)) {
        const id = spdxFromText(quad.object.value);
        const fix = say(context.lang, 'licence-fix', { licence: `spdx:${id}` });
        findings.push(finding(context, 'licence-as-text', 'licence-as-text', where(parsed, quad), {
          text: JSON.stringify(quad.object.value), fix: id ? fix.message : fix.hint,
        }, { focus: quad.subject.value, path: quad.predicate.value, value: quad.object.value }));
        continue;
      }
      if (quad.object.termType !== 'NamedNode' || !quad.object.value.startsWith(SPDX) || isPlaceholder(quad.object)) continue;
      const id = quad.object.value.slice(SPDX.length);
      if (SPDX_IDS.has(id)) continue;
      const deprecated = SPDX_DEPRECATED.has(id);
      const key = deprecated ? 'deprecated-licence' : 'unknown-licence';
      findings.push(finding(context, 'unknown-licence', key, where(parsed, quad), {
        licence: `spdx:${id}`,
        suggestion: suggestion(context.lang, maybeSpdx(nearest(id, SPDX_IDS))),
      }, { focus: quad.subject.value, path: quad.predicate.value }));
    }
  }
  return findings;
}

/** The SPDX identifier a licence written as text most likely means: "agpl-3.0-only", "AGPL 3.0 only"… */
function spdxFromText(text: string): string | undefined {
  const wanted = text.trim().replace(/\s+/g, '-');
  const lower = wanted.toLowerCase();
  for (const id of SPDX_IDS) if (id.toLowerCase() === lower) return id;
  return nearest(wanted, SPDX_IDS);
}

/** Suggest only entries of the same kind: an actor typo should not be "corrected" to a theme. */
function sameKind(iri: string, defined: Set<string>): string[] {
  const folder = iri.slice(0, iri.lastIndexOf('/') + 1);
  return [...defined].filter((d) => d.startsWith(folder) && !d.slice(folder.length).includes('/'));
}

function maybeShort(context: Context, iri: string | undefined): string | undefined {
  return iri ? short(context, iri) : undefined;
}

function maybeSpdx(id: string | undefined): string | undefined {
  return id ? `spdx:${id}` : undefined;
}

/** Where a quad is written in this very file (the source map would answer with the first file). */
export function where(parsed: ParsedTurtle, quad: Quad): Location {
  const s = quad.subject.value;
  return (parsed.triples.get(tripleKey(s, quad.predicate.value, quad.object)) ??
    parsed.statements.get(statementKey(s, quad.predicate.value)) ??
    parsed.subjects.get(s))!;
}
