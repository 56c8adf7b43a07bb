// **refine** makes the report say each problem once, by its cause: SHACL sees the consequences of a mistake
// (a misspelt predicate also leaves the right one missing; a licence written as text breaks two constraints;
// a block pasted twice gives a property two values), and the directory rules see the cause.
import path from 'node:path';
import { PREFIXES, entityPrefixes, shorten } from '../rdf/namespaces.js';
import { toDisplayPath } from '../graph/sources.js';
import type { Finding } from './finding.js';
import { say, type Lang } from './messages.js';
import { nearest } from './nearest.js';
import { slugify } from './slug.js';

const NAME = `${PREFIXES.schema}name`;
const LICENSE = `${PREFIXES.schema}license`;
const COUNT = new Set(['MaxCount', 'QualifiedMaxCount', 'UniqueLang']);
const MISSING = new Set(['MinCount', 'QualifiedMinCount']);

/** A file in data/ that the loader will skip. */
export function ignoredFileFinding(file: string, dataDir: string, lang: Lang, cwd = process.cwd()): Finding {
  const parsed = path.posix.parse(file);
  const expected = `${parsed.dir}/${slugify(parsed.name) || 'nom'}.ttl`;
  return {
    code: 'ignored-file',
    severity: 'warning',
    location: { file, line: 1, column: 1 },
    ...say(lang, 'ignored-file', { file, expected, root: `${toDisplayPath(path.resolve(cwd, dataDir), cwd)}/` }),
  };
}

export function refineShapeFindings(rules: Finding[], shapes: Finding[], context: { lang: Lang; baseIri: string }): Finding[] {
  const short = (iri: string) => shorten(iri, entityPrefixes(context.baseIri));
  const key = (...parts: (string | undefined)[]) => parts.join('\u0000');
  const licenceAsText = new Set(rules.filter((f) => f.code === 'licence-as-text').map((f) => key(f.focus, f.value)));
  const placeholders = new Set(rules.filter((f) => f.code === 'placeholder').map((f) => key(f.focus, f.path, f.value)));
  const twoNames = new Set(rules.filter((f) => f.code === 'duplicate-name').map((f) => f.focus));
  const repeated = new Map(rules.filter((f) => f.code === 'repeated-block').map((f) => [f.focus!, f]));
  // What SHACL finds missing, per entry: a misspelt predicate close to one of them is that one.
  const missing = new Map<string, string[]>();
  for (const f of shapes) if (f.focus && f.path && MISSING.has(f.constraint ?? '')) missing.set(f.focus, [...(missing.get(f.focus) ?? []), f.path]);
  const meant = new Set<string>();
  for (const f of shapes) {
    if (f.constraint !== 'Closed' || !f.focus || !f.path) continue;
    const closest = nearest(f.path, missing.get(f.focus) ?? []);
    if (closest) meant.add(key(f.focus, closest));
  }
  const conflicts = new Map<string, Set<string>>();
  const kept: Finding[] = [];
  for (const f of shapes) {
    if (f.path === LICENSE && licenceAsText.has(key(f.focus, f.value))) continue;
    if (placeholders.has(key(f.focus, f.path, f.value))) continue;
    if (f.path === NAME && f.constraint === 'UniqueLang' && twoNames.has(f.focus)) continue;
    if (MISSING.has(f.constraint ?? '') && meant.has(key(f.focus, f.path))) continue;
    if (f.focus && f.path && repeated.has(f.focus) && COUNT.has(f.constraint ?? '')) {
      conflicts.set(f.focus, (conflicts.get(f.focus) ?? new Set()).add(short(f.path)));
      continue;
    }
    // A shape's sh:message speaks for its main constraint (a date's form), not for "one value at most".
    if (f.path && (f.constraint === 'MaxCount' || f.constraint === 'QualifiedMaxCount')) {
      const said = say(context.lang, 'too-many-values', { path: short(f.path) });
      kept.push({ ...f, message: `${f.focus ? short(f.focus) : ''}: ${said.message}`, hint: said.hint });
      continue;
    }
    kept.push(f);
  }
  const refinedRules = rules.flatMap((f): Finding[] => {
    if (f.code === 'duplicate-name' && repeated.has(f.focus!)) {
      conflicts.set(f.focus!, (conflicts.get(f.focus!) ?? new Set()).add(short(NAME)));
      return [];
    }
    return [f];
  }).map((f) => {
    const predicates = f.code === 'repeated-block' ? conflicts.get(f.focus!) : undefined;
    if (!predicates) return f;
    const list = [...predicates].sort().join(', ');
    return { ...f, severity: 'error' as const, hint: `${f.hint}${say(context.lang, 'repeated-conflicts', { predicates: list }).message}` };
  });
  return dedupe([...refinedRules, ...kept]);
}

/** The same finding at the same place (one per value of a misspelt predicate, say) is shown once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = [f.location.file, f.location.line, f.location.column, f.severity, f.message, f.hint].join('\u0000');
    return !seen.has(k) && !!seen.add(k);
  });
}
