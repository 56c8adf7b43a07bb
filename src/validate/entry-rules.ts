// **entry-rules** checks what a contributor gets wrong inside one entry or between two: the file name (slug),
// concepts outside their list, two names in one language, a block pasted twice, and the same website,
// repository or Wikidata item given for two entries (most often one organisation added twice).
import type { Quad } from 'n3';
import { PREFIXES } from '../rdf/namespaces.js';
import type { Location, ParsedTurtle } from '../graph/parse-turtle.js';
import type { SourceFile } from '../graph/sources.js';
import type { Finding } from './finding.js';
import { dataRoot, finding, short, start, where, type Context } from './directory-rules.js';
import { say, type Lang } from './messages.js';
import { closest } from './nearest.js';
import { isSlug, slugify } from './slug.js';

const SKOS = PREFIXES.skos;
const NAME = `${PREFIXES.schema}name`;

export function checkSlug(context: Context, file: SourceFile, parsed: ParsedTurtle, kind: string): Finding | undefined {
  const slug = file.relative.slice(kind.length + 1).replace(/\.ttl$/, '');
  if (isSlug(slug)) return undefined;
  const name = parsed.quads.find((q) => q.predicate.value === NAME && q.subject.termType === 'NamedNode' && !q.subject.value.includes('#'))?.object.value;
  const suggested = slugify(name ?? slug) || 'entry';
  const fr = context.lang === 'fr';
  return finding(context, 'slug', 'slug', start(file), {
    slug: `${slug}.ttl`,
    expectedFile: `${dataRoot(file)}${kind}/${suggested}.ttl`,
    source: name ? (fr ? `son nom « ${name} »` : `its name "${name}"`) : fr ? 'le nom du fichier' : 'the file name',
    iri: short(context, `${context.baseIri}id/${kind}/${suggested}`),
  });
}

/**
 * A link into id/<list>/ where <list> is a concept scheme (themes, actor-types…) is a concept missing from
 * that list: the fix is to pick an existing one, or to propose the new one in the scheme's file.
 */
export function unknownConcept(context: Context, location: Location, quad: Quad): Finding | undefined {
  const idSpace = `${context.baseIri}id/`;
  const target = quad.object.value;
  const scheme = `${idSpace}${target.slice(idSpace.length).split('/')[0]}`;
  if (!context.store.countQuads(scheme, `${PREFIXES.rdf}type`, `${SKOS}ConceptScheme`, null)) return undefined;
  const label = (iri: string, lang: Lang) =>
    (context.store.getObjects(iri, `${SKOS}prefLabel`, null).find((t) => (t as { language?: string }).language === lang) ?? { value: short(context, iri) }).value;
  const concepts = context.store.getSubjects(`${SKOS}inScheme`, scheme, null).map((t) => t.value);
  const local = (iri: string) => iri.slice(iri.lastIndexOf('/') + 1);
  const best = closest(local(target), concepts, (c) => [local(c), slugify(label(c, 'fr')), slugify(label(c, 'en'))], 3);
  const file = context.sources.find(({ parsed }) => parsed.subjects.has(scheme))?.file.display ?? 'ontology/schemes/';
  return finding(context, 'unknown-concept', 'unknown-concept', location, {
    concept: short(context, target),
    scheme: label(scheme, context.lang),
    file,
    closest: best.length ? say(context.lang, 'closest', { candidates: best.map((c) => `${short(context, c)} (${label(c, context.lang)})`).join(', ') }).message : '',
  }, { focus: quad.subject.value, path: quad.predicate.value, value: target });
}

export function checkEntries(context: Context): Finding[] {
  return [...checkPlaceholders(context), ...checkNames(context), ...checkRepeatedBlocks(context), ...checkSharedLinks(context)];
}

/** `npm run new` writes TODO where a value is needed: `type:TODO`, `<https://TODO>`, `"TODO: …"@fr`. */
export function isPlaceholder(term: Quad['object']): boolean {
  if (term.termType === 'Literal') return term.value.startsWith('TODO');
  return term.termType === 'NamedNode' && /([/#:]TODO|^https?:\/\/TODO)\/?$/.test(term.value);
}

/** A TODO left from the skeleton: one finding, instead of the unknown concept, dangling link or bad date it also is. */
function checkPlaceholders(context: Context): Finding[] {
  const findings: Finding[] = [];
  for (const { file, parsed } of context.sources) {
    if (file.root !== 'data') continue;
    for (const quad of parsed.quads) {
      if (!isPlaceholder(quad.object)) continue;
      findings.push(finding(context, 'placeholder', 'placeholder', where(parsed, quad), {
        path: short(context, quad.predicate.value),
        value: quad.object.termType === 'Literal' ? JSON.stringify(quad.object.value) : short(context, quad.object.value),
      }, { focus: quad.subject.value, path: quad.predicate.value, value: quad.object.value }));
    }
  }
  return findings;
}

/** Two schema:name values in one language (or both without one): SHACL's sh:uniqueLang skips untagged names. */
function checkNames(context: Context): Finding[] {
  const findings: Finding[] = [];
  for (const { file, parsed } of context.sources) {
    if (file.root !== 'data') continue;
    const names = new Map<string, Quad[]>();
    for (const quad of parsed.quads) {
      if (quad.predicate.value !== NAME || quad.subject.termType !== 'NamedNode' || quad.object.termType !== 'Literal') continue;
      const key = `${quad.subject.value} ${quad.object.language}`;
      names.set(key, [...(names.get(key) ?? []), quad]);
    }
    for (const quads of names.values()) {
      if (quads.length < 2) continue;
      const [first, second] = quads;
      const language = first.object.termType === 'Literal' && first.object.language;
      const fr = context.lang === 'fr';
      findings.push(finding(context, 'duplicate-name', 'duplicate-name', where(parsed, second), {
        subject: short(context, first.subject.value),
        language: language ? (fr ? `en @${language}` : `in @${language}`) : fr ? 'sans langue' : 'with no language tag',
        names: quads.map((q) => JSON.stringify(q.object.value)).join(fr ? ' et ' : ' and '),
      }, { focus: first.subject.value, path: NAME }));
    }
  }
  return findings;
}

/** A subject written as two blocks in one file is most often a pasted copy; refine.ts decides how grave. */
function checkRepeatedBlocks(context: Context): Finding[] {
  const findings: Finding[] = [];
  for (const { file, parsed } of context.sources) {
    if (file.root !== 'data') continue;
    for (const [subject, starts] of parsed.blocks ?? []) {
      findings.push(finding(context, 'repeated-block', 'repeated-block', starts[1], {
        subject: short(context, subject), first: String(starts[0].line), conflicts: '',
      }, { focus: subject }, 'warning'));
    }
  }
  return findings;
}

const SHARED: Record<string, Record<Lang, string>> = {
  [`${PREFIXES.schema}url`]: { en: 'its website', fr: 'son site' },
  [`${PREFIXES.schema}codeRepository`]: { en: 'its repository', fr: 'son dépôt' },
  [`${PREFIXES.schema}sameAs`]: { en: 'its Wikidata item', fr: 'son élément Wikidata' },
};

/** Two addresses that people would call the same: scheme, "www." and a final slash do not count. */
function normalise(iri: string): string {
  return iri.replace(/^https?:\/\/(www\.)?/i, '').replace(/\/+$/, '').toLowerCase();
}

/**
 * The same website, repository or Wikidata item on two entries of the same kind (two organisations, two
 * commons): one warning per pair of entries, on the later file, naming the earlier. An organisation and the
 * commons it maintains often share a website, so different kinds are not compared.
 */
function checkSharedLinks(context: Context): Finding[] {
  // Where a link is written is looked up only for a pair: it takes reading the file again (see ParsedTurtle).
  const first = new Map<string, { entity: string; at: () => Location }>();
  const pairs = new Map<string, { entity: string; other: string; otherLocation: Location; location: Location; what: string[] }>();
  for (const { file, parsed } of context.sources) {
    if (file.root !== 'data' || !file.entity) continue;
    const kind = file.relative.split('/')[0];
    for (const quad of parsed.quads) {
      const what = SHARED[quad.predicate.value];
      if (!what || quad.subject.value !== file.entity || quad.object.termType !== 'NamedNode') continue;
      if (quad.predicate.value.endsWith('sameAs') && !quad.object.value.startsWith(PREFIXES.wd)) continue;
      const key = `${kind} ${quad.predicate.value} ${normalise(quad.object.value)}`;
      const seen = first.get(key);
      const at = () => where(parsed, quad);
      if (!seen) {
        first.set(key, { entity: file.entity, at });
        continue;
      }
      if (seen.entity === file.entity) continue;
      const pairKey = `${seen.entity} ${file.entity}`;
      const pair = pairs.get(pairKey) ?? { entity: file.entity, other: seen.entity, otherLocation: seen.at(), location: at(), what: [] };
      pair.what.push(`${what[context.lang]} <${quad.object.value}>`);
      pairs.set(pairKey, pair);
    }
  }
  return [...pairs.values()].map((pair) =>
    finding(context, 'same-link', 'same-link', pair.location, {
      subject: short(context, pair.entity),
      what: pair.what.join(context.lang === 'fr' ? ' et ' : ' and '),
      other: short(context, pair.other),
      otherFile: `${pair.otherLocation.file}:${pair.otherLocation.line}`,
    }, { focus: pair.entity }, 'warning'));
}
