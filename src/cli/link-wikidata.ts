// **link-wikidata** adds schema:sameAs links to Wikidata from the results of a documented query:
//   npm run link-wikidata -- --query           prints ontology/queries/wikidata/link-candidates.rq, filled in
//   npm run link-wikidata -- RESULTS.json      shows the diff, then writes it (--yes, or on confirmation)
import { readFile, writeFile } from 'node:fs/promises';
import { Parser } from 'n3';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { baseIriFrom, ConfigError, dataDirFrom, PROJECT_ROOT } from '../config.js';
import { indexDirectory } from '../import/organisations.js';
import { ImportError } from '../import/publiccode.js';
import { addSameAs, candidateQuery, proposeLinks, sameAsLine } from '../import/link-wikidata.js';
import { runCli, type CliArgs } from './run-cli.js';

const USAGE = `usage: npm run link-wikidata -- RESULTS.json [--yes] [--data DIR]
       npm run link-wikidata -- --query [--data DIR]

RESULTS.json is the JSON result of ontology/queries/wikidata/link-candidates.rq on the Wikidata Query
Service (print it filled with the directory's addresses with --query). An item is linked to an entry
only when its official website (P856) or repository (P1324) is the entry's, one to one; never by name.
The diff is shown first; it is written with --yes or when you confirm.`;

const OPTIONS = { yes: { type: 'boolean' }, query: { type: 'boolean' }, data: { type: 'string' }, 'base-iri': { type: 'string' } } as const;

async function main({ values, positionals }: CliArgs<typeof OPTIONS>): Promise<number> {
  if (!values.query && positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const baseIri = baseIriFrom(values['base-iri']);
  const dataDir = path.resolve(dataDirFrom(values.data));
  const index = await indexDirectory(dataDir, baseIri);
  if (values.query) {
    console.log(candidateQuery(await readFile(path.join(PROJECT_ROOT, 'ontology', 'queries', 'wikidata', 'link-candidates.rq'), 'utf8'), index));
    return 0;
  }
  let results: unknown;
  try {
    results = JSON.parse(await readFile(positionals[0], 'utf8'));
  } catch (error) {
    throw new ImportError(`${positionals[0]}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not JSON (${(error as Error).message})`}`);
  }
  const { links, skipped } = proposeLinks(results, index);
  for (const s of skipped) console.error(`skipped ${s.entry ?? ''}${s.item ? ` ↔ ${s.item}` : ''}: ${s.reason}`);
  if (!links.length) {
    console.log('no new link');
    return 0;
  }
  const fileOf = (entry: string) => path.join(dataDir, `${entry.slice(`${baseIri}id/`.length)}.ttl`);
  const shown = (file: string) => path.relative(process.cwd(), file).split(path.sep).join('/');
  const edits = new Map<string, string>();
  for (const link of links) {
    const file = fileOf(link.entry);
    const before = edits.get(file) ?? (await readFile(file, 'utf8'));
    const slug = link.entry.slice(`${baseIri}id/`.length).split('/');
    const prefix = slug[0] === 'actors' ? 'actor' : slug[0];
    const edit = addSameAs(before, link, [`<${link.entry}>`, `${prefix}:${slug[1]}`]);
    // A file laid out otherwise gets the statement on a line of its own: still valid, and shown as such.
    const after = edit ? edit.text : `${before}${before.endsWith('\n') ? '' : '\n'}${sameAsLine(link)}\n`;
    if (!new Parser({ baseIRI: link.entry }).parse(after).some((q) => q.subject.value === link.entry && q.object.value === link.item)) {
      throw new ImportError(`${shown(file)}: could not add the link without breaking the file; add schema:sameAs <${link.item}> by hand`);
    }
    edits.set(file, after);
    const diff = edit ? [`-${edit.removed}`, ...edit.added.map((l) => `+${l}`)] : [`+${sameAsLine(link)}`];
    console.log(`--- ${shown(file)}\n+++ ${shown(file)}\n@@ ${link.property} ${link.address} @@\n${diff.join('\n')}`);
  }
  let write = !!values.yes;
  if (!write && process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    write = /^(y|yes|o|oui)$/i.test((await rl.question(`Write ${links.length} link${links.length > 1 ? 's' : ''}? [y/N] `)).trim());
    rl.close();
  }
  if (!write) {
    console.error(`nothing written: run again with --yes to add ${links.length} link${links.length > 1 ? 's' : ''}`);
    return 0;
  }
  for (const [file, text] of edits) await writeFile(file, text);
  console.error(`${links.length} link${links.length > 1 ? 's' : ''} written; run npm run validate`);
  return 0;
}

await runCli({ options: OPTIONS, usage: () => USAGE, userErrors: [ImportError, ConfigError], main });
