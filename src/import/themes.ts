// **themes** maps publiccode.yml categories to the directory's themes through the SKOS alignment kept in
// ontology/alignments/publiccode-categories.ttl, so that the mapping is data that contributors can review.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Parser } from 'n3';
import { PREFIXES } from '../rdf/namespaces.js';

export const CATEGORY_NS = 'https://yml.publiccode.tools/categories-list.html#';
export const CATEGORY_ALIGNMENT = path.join('alignments', 'publiccode-categories.ttl');

/** category → theme IRIs, read from the alignment file (either direction of skos:closeMatch counts). */
export async function readCategoryThemes(ontologyDir: string, baseIri: string): Promise<Map<string, string[]>> {
  const file = path.join(ontologyDir, CATEGORY_ALIGNMENT);
  const quads = new Parser({ baseIRI: file }).parse(await readFile(file, 'utf8'));
  const themes = `${baseIri}id/themes/`;
  // The file is written with the default base; a directory served under another base maps to its own themes.
  const rebase = (iri: string) => iri.replace(/^https:\/\/w3id\.org\/usages-communs\/id\/themes\//, themes);
  const map = new Map<string, string[]>();
  for (const q of quads) {
    if (q.predicate.value !== `${PREFIXES.skos}closeMatch`) continue;
    const [category, theme] = q.object.value.startsWith(CATEGORY_NS) ? [q.object.value, q.subject.value] : [q.subject.value, q.object.value];
    if (!category.startsWith(CATEGORY_NS)) continue;
    const key = category.slice(CATEGORY_NS.length);
    map.set(key, [...new Set([...(map.get(key) ?? []), rebase(theme)])]);
  }
  return map;
}
