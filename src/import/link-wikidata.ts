// **link-wikidata** adds schema:sameAs to entries from the results of ontology/queries/wikidata/link-candidates.rq:
// an item is linked to an entry only when its official website (P856) or repository (P1324) is the entry's
// website or repository, the match is one-to-one, and the entry has no other Wikidata link. Never by name.
import { PREFIXES } from '../rdf/namespaces.js';
import { websiteKey, type DirectoryIndex } from './organisations.js';
import { qidFrom, WIKIDATA_ENTITY } from './wikidata.js';
import { ImportError } from './publiccode.js';

export interface Link {
  entry: string;
  item: string;
  /** The address both sides give, and on Wikidata's side the property that gives it. */
  address: string;
  property: string;
}

export interface Skipped {
  reason: string;
  entry?: string;
  item?: string;
}

export function proposeLinks(results: unknown, index: DirectoryIndex): { links: Link[]; skipped: Skipped[] } {
  const bindings = (results as { results?: { bindings?: Record<string, { value?: string }>[] } })?.results?.bindings;
  if (!Array.isArray(bindings)) throw new ImportError('not SPARQL JSON results (expected {"head":…, "results": {"bindings": […]}}), as the Wikidata Query Service downloads them');
  const candidates = new Map<string, Map<string, Link>>();
  const itemsOf = new Map<string, Set<string>>();
  const entriesOf = new Map<string, Set<string>>();
  for (const b of bindings) {
    const qid = b.item?.value && qidFrom(b.item.value);
    const address = b.address?.value;
    const property = b.property?.value ?? '';
    if (!qid || !address || (property && property !== 'P856' && property !== 'P1324')) continue;
    const key = websiteKey(address);
    const entries = key ? index.entriesByUrl.get(key) ?? [] : [];
    const item = `${WIKIDATA_ENTITY}${qid}`;
    for (const entry of entries) {
      const byItem = candidates.get(entry) ?? new Map<string, Link>();
      if (!byItem.has(item)) byItem.set(item, { entry, item, address, property });
      candidates.set(entry, byItem);
      itemsOf.set(entry, new Set([...(itemsOf.get(entry) ?? []), item]));
      entriesOf.set(item, new Set([...(entriesOf.get(item) ?? []), entry]));
    }
  }
  const links: Link[] = [];
  const skipped: Skipped[] = [];
  for (const [entry, byItem] of [...candidates].sort(([a], [b]) => a.localeCompare(b))) {
    const items = [...itemsOf.get(entry)!];
    const existing = (index.sameAs.get(entry) ?? []).filter((s) => s.startsWith(WIKIDATA_ENTITY));
    if (items.length > 1) {
      skipped.push({ entry, reason: `several items share its address: ${items.join(', ')}` });
      continue;
    }
    const link = byItem.get(items[0])!;
    if (existing.includes(link.item)) continue;
    if (existing.length) {
      skipped.push({ entry, item: link.item, reason: `already linked to ${existing.join(', ')}` });
      continue;
    }
    const others = [...entriesOf.get(link.item)!].filter((e) => e !== entry);
    if (others.length) {
      skipped.push({ entry, item: link.item, reason: `the item's address is also that of ${others.join(', ')}` });
      continue;
    }
    links.push(link);
  }
  return { links, skipped };
}

/** The statement as one line, for the diff and as a last resort. */
export function sameAsLine(link: Link): string {
  return `<${link.entry}> <${PREFIXES.schema}sameAs> <${link.item}> .`;
}

/**
 * The entry's file with the link added inside its own block (`  schema:sameAs <…> .` as the block's last
 * line), so that the entry stays described in one place. Returns the changed lines for the diff.
 */
export function addSameAs(text: string, link: Link, subjectForms: string[]): { text: string; removed: string; added: string[] } | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => subjectForms.some((f) => l.startsWith(`${f} `)));
  if (start < 0) return undefined;
  for (let i = start; i < lines.length; i++) {
    if (!/ \.\s*$/.test(lines[i])) continue;
    const removed = lines[i];
    const added = [removed.replace(/ \.\s*$/, ' ;'), `  <${PREFIXES.schema}sameAs> <${link.item}> .`];
    return { text: [...lines.slice(0, i), ...added, ...lines.slice(i + 1)].join('\n'), removed, added };
  }
  return undefined;
}

/** The candidate query, with the directory's addresses in its VALUES. */
export function candidateQuery(template: string, index: DirectoryIndex): string {
  const addresses = new Set<string>();
  for (const key of index.entriesByUrl.keys()) {
    const [host, ...rest] = key.split('/');
    const p = rest.length ? `/${rest.join('/')}` : '';
    for (const scheme of ['https', 'http']) for (const h of [host, `www.${host}`]) for (const end of p ? [p, `${p}/`] : ['/', '']) addresses.add(`<${scheme}://${h}${end}>`);
  }
  const values = [...addresses].sort().join('\n    ');
  return template.replace(/VALUES \?address \{[^}]*\}/, `VALUES ?address {\n    ${values}\n  }`);
}
