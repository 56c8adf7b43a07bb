// **licence** turns a licence as people write it in publiccode.yml or Wikidata into SPDX identifiers.
// Case is forgiven (agpl-3.0-or-later → AGPL-3.0-or-later); a deprecated identifier is kept as such, so that
// the validator reports it exactly as it would in a hand-written file and asks which version applies.
import { createRequire } from 'node:module';
import type { ImportNote } from './draft.js';

const require = createRequire(import.meta.url);
const CURRENT: string[] = require('spdx-license-ids/index.json');
const DEPRECATED: string[] = require('spdx-license-ids/deprecated.json');

const BY_LOWER = new Map<string, string>([...DEPRECATED, ...CURRENT].map((id) => [id.toLowerCase(), id]));

export function spdxId(written: string): string | undefined {
  return BY_LOWER.get(written.trim().toLowerCase());
}

/**
 * An SPDX expression gives one schema:license per identifier: "A OR B" lets the user choose, "A AND B"
 * applies both; either way each licence named applies to some use, which is what schema:license says.
 */
export function normaliseLicence(written: string | undefined): { ids: string[]; notes: ImportNote[] } {
  if (!written) return { ids: [], notes: [{ level: 'warning', field: 'legal.license', message: 'no licence in the file' }] };
  const notes: ImportNote[] = [];
  const ids: string[] = [];
  const tokens = written.replace(/[()]/g, ' ').split(/\s+(?:OR|AND)\s+/i);
  for (const token of tokens) {
    const [licence, exception] = token.trim().split(/\s+WITH\s+/i);
    const id = spdxId(licence ?? '');
    if (!id) {
      notes.push({ level: 'warning', field: 'legal.license', message: `"${licence}" is not an SPDX identifier; left out (pick the exact one at https://spdx.org/licenses/)` });
      continue;
    }
    if (exception) notes.push({ level: 'info', field: 'legal.license', message: `the exception "${exception}" to ${id} is not recorded` });
    if (!ids.includes(id)) ids.push(id);
  }
  if (tokens.length > 1) notes.push({ level: 'info', field: 'legal.license', message: `licence expression "${written}": each licence named is recorded` });
  return { ids, notes };
}
