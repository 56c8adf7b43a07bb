// **draft** is what an importer produces before anything is written: an entry as plain values, in the
// directory's vocabulary, plus what the source said that we could not (or must not) carry over.
// Turtle is written here, in the same layout as the hand-written files, so an imported entry reads like one.
import { PREFIXES, entityPrefixes } from '../rdf/namespaces.js';

export type DraftKind = 'commons' | 'actors' | 'services';

/** A literal: a text with an optional language, or a typed value (dates). */
export interface DraftLiteral {
  value: string;
  lang?: string;
  datatype?: string;
}

export type DraftValue = { iri: string } | DraftLiteral;

export interface Draft {
  kind: DraftKind;
  slug: string;
  /** rdf:type values, as full IRIs. */
  types: string[];
  /** predicate IRI → values, in the order they should be written. */
  values: Map<string, DraftValue[]>;
}

/** Something the importer noticed: a field it could not map, a text it will not invent, a dropped personal field. */
export interface ImportNote {
  level: 'info' | 'warning';
  field: string;
  message: string;
}

export const iri = (value: string): DraftValue => ({ iri: value });
export const text = (value: string, lang?: string): DraftLiteral => (lang ? { value, lang } : { value });
export const typed = (value: string, datatype: string): DraftLiteral => ({ value, datatype });

export function newDraft(kind: DraftKind, slug: string, types: string[]): Draft {
  return { kind, slug, types, values: new Map() };
}

export function add(draft: Draft, predicate: string, ...values: DraftValue[]): void {
  if (!values.length) return;
  const list = draft.values.get(predicate) ?? [];
  for (const v of values) if (!list.some((w) => sameValue(v, w))) list.push(v);
  draft.values.set(predicate, list);
}

function sameValue(a: DraftValue, b: DraftValue): boolean {
  if ('iri' in a || 'iri' in b) return 'iri' in a && 'iri' in b && a.iri === b.iri;
  return a.value === b.value && a.lang === b.lang && a.datatype === b.datatype;
}

/** A slug as the directory writes them: lowercase ASCII words joined by hyphens. */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '-')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/** A date in a publiccode.yml or Wikidata value, typed as precisely as it was given. */
export function typedDate(value: unknown): DraftLiteral | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return typed(value.toISOString().slice(0, 10), `${PREFIXES.xsd}date`);
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return typed(v, `${PREFIXES.xsd}date`);
  if (/^\d{4}-\d{2}$/.test(v)) return typed(v, `${PREFIXES.xsd}gYearMonth`);
  if (/^\d{4}$/.test(v)) return typed(v, `${PREFIXES.xsd}gYear`);
  return undefined;
}

function escapeString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

/** The prefixes an entry file may use; only those it does use are declared. */
function prefixTable(baseIri: string): [string, string][] {
  const entity = entityPrefixes(baseIri);
  const names = ['schema', 'dcterms', 'prov', 'spdx', 'xsd', 'codemeta', 'org', 'uc'] as const;
  return [
    ...names.map((n): [string, string] => [n, PREFIXES[n]]),
    ['actor', entity.actor], ['commons', entity.commons], ['theme', entity.theme], ['type', entity.type], ['territory', entity.territory],
  ];
}

const LOCAL = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;

export function toTurtle(draft: Draft, baseIri: string): string {
  const table = prefixTable(baseIri);
  const used = new Set<string>();
  const term = (value: string): string => {
    let best: [string, string] | undefined;
    for (const [prefix, ns] of table) if (value.startsWith(ns) && (!best || ns.length > best[1].length)) best = [prefix, ns];
    const local = best ? value.slice(best[1].length) : '';
    if (!best || !LOCAL.test(local) || local.endsWith('.')) return `<${value}>`;
    used.add(best[0]);
    return `${best[0]}:${local}`;
  };
  const literal = (l: DraftLiteral): string => {
    const quoted = `"${escapeString(l.value)}"`;
    if (l.lang) return `${quoted}@${l.lang}`;
    if (l.datatype && l.datatype !== `${PREFIXES.xsd}string`) return `${quoted}^^${term(l.datatype)}`;
    return quoted;
  };
  const value = (v: DraftValue) => ('iri' in v ? term(v.iri) : literal(v));
  const subject = `<${baseIri}id/${draft.kind}/${draft.slug}>`;
  const lines: string[] = [];
  const types = draft.types.map(term).join(', ');
  const predicates = [...draft.values].filter(([, vs]) => vs.length);
  lines.push(`${subject} a ${types}${predicates.length ? ' ;' : ' .'}`);
  predicates.forEach(([p, vs], i) => {
    const end = i === predicates.length - 1 ? ' .' : ' ;';
    const rendered = vs.map(value);
    // Long texts each get their own line, as in the hand-written files.
    const joined = rendered.some((r) => r.length > 60) && rendered.length > 1 ? rendered.join(` ,\n    `) : rendered.join(', ');
    lines.push(`  ${term(p)} ${joined}${end}`);
  });
  const header = table.filter(([p]) => used.has(p)).map(([p, ns]) => `PREFIX ${`${p}:`.padEnd(10)} <${ns}>`);
  return `${header.join('\n')}\n\n${lines.join('\n')}\n`;
}
