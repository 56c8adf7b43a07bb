// **import** brings an entry in from a standard that already describes it:
//   npm run import -- publiccode FILE|URL   a publiccode.yml (0.2 to 0.4)
//   npm run import -- wikidata QID|FILE|URL Wikidata's Special:EntityData JSON
// The entry is checked by the real validator against the rest of data/ before it is written.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { baseIriFrom, ConfigError, dataDirFrom, PROJECT_ROOT } from '../config.js';
import { formatText } from '../validate/format.js';
import { isError } from '../validate/finding.js';
import { assemble, reorder } from '../import/assemble.js';
import type { ImportNote } from '../import/draft.js';
import { fetchText } from '../import/fetch.js';
import { indexDirectory } from '../import/organisations.js';
import { ImportError, readPubliccode } from '../import/publiccode.js';
import { readCategoryThemes } from '../import/themes.js';
import { licenceMapFromResults, qidFrom, readLicenceMap, readWikidata, writeLicenceMap, type WikidataKind } from '../import/wikidata.js';
import { ExistingEntryError, plan, validateAndWrite } from '../import/write.js';
import { runCli, type CliArgs } from './run-cli.js';

const USAGE = `usage: npm run import -- publiccode FILE|URL [options]
       npm run import -- wikidata QID|FILE|URL [--as commons|organisation] [options]
       npm run import -- wikidata --refresh-licences

Reads a publiccode.yml or a Wikidata item and writes the entry to data/<kind>/<slug>.ttl, with the
organisations it names (matched to existing entries by website or name, or proposed as skeletons).
Everything is checked by the validator first; on any error nothing is written, unless --draft.
Contacts and every other personal field are never imported.

options:
  --source IRI     where the file was published (recorded as dcterms:source; default: the URL given,
                   or for a local publiccode.yml its repository url)
  --theme SLUG     a theme of ontology/schemes/themes.ttl (repeatable), besides those the categories give
  --slug SLUG      the entry's file name (default: from its name)
  --maintainer SLUG  the organisation (data/actors/SLUG.ttl) that carries the software, when the file
                   names none (no repoOwner): say in your pull request how you know it
  --skip ROLE      leave out the organisations of one role (repeatable): usedBy, contributor (contractors),
                   funder, copyrightHolder; for a usedBy list of hundreds, or a contractor named after a person
  --as KIND        wikidata only: commons or organisation (default: guessed from the statements)
  --draft          write the files even if the validator finds errors, for a person to complete
  --dry-run        print what would be written, write nothing
  --force          replace an entry that already exists
  --data DIR       the data folder (default: data/)
  --lang fr|en     language of the messages`;

const OPTIONS = {
  source: { type: 'string' },
  theme: { type: 'string', multiple: true },
  slug: { type: 'string' },
  skip: { type: 'string', multiple: true },
  maintainer: { type: 'string' },
  as: { type: 'string' },
  draft: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
  data: { type: 'string' },
  lang: { type: 'string' },
  'base-iri': { type: 'string' },
  'refresh-licences': { type: 'boolean' },
} as const;

const isUrl = (s: string) => /^https?:\/\//i.test(s);

async function main({ values, positionals, lang }: CliArgs<typeof OPTIONS>): Promise<number> {
  const [format, input] = positionals;
  const ontologyDir = path.join(PROJECT_ROOT, 'ontology');
  const licenceFile = path.join(ontologyDir, 'mappings', 'wikidata-licences.json');
  if (format === 'wikidata' && values['refresh-licences']) return refreshLicences(licenceFile, ontologyDir);
  if ((format !== 'publiccode' && format !== 'wikidata') || !input || positionals.length > 2) {
    console.error(`${format && format !== 'publiccode' && format !== 'wikidata' ? `unknown format "${format}": use publiccode or wikidata\n\n` : ''}${USAGE}`);
    return 2;
  }
  if (values.as && values.as !== 'commons' && values.as !== 'organisation') {
    console.error(`unknown --as "${values.as}": use commons or organisation`);
    return 2;
  }
  if (values.slug && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(values.slug)) {
    console.error(`--slug "${values.slug}": use lowercase letters, digits and hyphens, e.g. my-commons`);
    return 2;
  }
  const skip = new Set(values.skip ?? []);
  const roles = ['usedBy', 'contributor', 'funder', 'copyrightHolder'];
  const unknownRole = [...skip].find((r) => !roles.includes(r));
  if (unknownRole) {
    console.error(`--skip "${unknownRole}": use one of ${roles.join(', ')}`);
    return 2;
  }
  try {
    const baseIri = baseIriFrom(values['base-iri']);
    const dataDir = dataDirFrom(values.data);
    const index = await indexDirectory(path.resolve(dataDir), baseIri);
    const now = new Date();
    let assembled;
    let readNotes: ImportNote[];
    if (format === 'publiccode') {
      const yaml = isUrl(input) ? await fetchText(input, 'text/yaml, text/plain, */*') : await readFile(input, 'utf8');
      const fallbackSource = isUrl(input) ? input : undefined;
      // A local file's public address is unknown: its repository (url:) is what it describes itself by.
      const probe = readPubliccode(yaml, values.source ?? fallbackSource ?? 'urn:pending', now);
      const repository = probe.commons.values.get('http://schema.org/codeRepository')?.[0];
      const source = values.source ?? fallbackSource ?? (repository && 'iri' in repository ? repository.iri : undefined);
      if (!source) throw new ImportError('the file has no repository url: say where it was published with --source https://…');
      const read = source === (values.source ?? fallbackSource) ? probe : readPubliccode(yaml, source, now);
      const categories = await readCategoryThemes(ontologyDir, baseIri);
      const themes = [...new Set(read.categories.flatMap((c) => categories.get(c) ?? []))];
      readNotes = read.notes;
      const skipped = read.organisations.filter((o) => skip.has(o.role));
      if (skipped.length) readNotes.push({ level: 'info', field: '--skip', message: `${skipped.length} organisation${skipped.length > 1 ? 's' : ''} left out (${[...skip].join(', ')})` });
      assembled = assemble(read.commons, read.organisations.filter((o) => !skip.has(o.role)), themes, index, source, { slug: values.slug, themes: values.theme });
      if (values.maintainer) {
        if (!index.slugs.get('actors')?.has(values.maintainer)) throw new ImportError(`--maintainer ${values.maintainer}: no such organisation (data/actors/${values.maintainer}.ttl)`);
        if (assembled.entry.values.get('http://schema.org/maintainer')?.length) throw new ImportError('--maintainer: the file already names who carries the software (repoOwner)');
        assembled.entry.values.set('http://schema.org/maintainer', [{ iri: `${baseIri}id/actors/${values.maintainer}` }]);
        reorder(assembled.entry);
        readNotes = readNotes.filter((n) => n.field !== 'legal.repoOwner');
      }
    } else {
      const qid = qidFrom(input);
      const json = qid && !input.endsWith('.json') ? await fetchText(`https://www.wikidata.org/wiki/Special:EntityData/${qid}.json`, 'application/json')
        : isUrl(input) ? await fetchText(input, 'application/json') : await readFile(input, 'utf8');
      const kind: WikidataKind | undefined = values.as === 'organisation' ? 'actors' : values.as === 'commons' ? 'commons' : undefined;
      const read = readWikidata(json, qid, await readLicenceMap(licenceFile), now, kind);
      readNotes = read.notes;
      assembled = assemble(read.entry, read.organisations, [], index, read.qid, { slug: values.slug, themes: read.entry.kind === 'commons' ? values.theme : undefined });
      if (read.entry.kind !== 'commons') assembled.notes = assembled.notes.filter((n) => n.field !== 'categories');
    }
    const files = plan([assembled.entry, ...assembled.skeletons], baseIri);
    const result = await validateAndWrite(files, { dataDir, ontologyDir, baseIri, lang, draft: values.draft, dryRun: values['dry-run'], force: values.force });
    for (const note of [...readNotes, ...assembled.notes]) console.error(`${note.level}: ${note.field}: ${note.message}`);
    const shown = path.relative(process.cwd(), path.resolve(dataDir)).split(path.sep).join('/') || '.';
    for (const f of result.files) {
      console.log(`${result.written ? 'written' : 'not written'}: ${shown}/${f.relative}`);
      if (!result.written) console.log(f.turtle);
    }
    if (result.findings.length) console.log(formatText(result.findings));
    const errors = result.findings.filter(isError).length;
    console.error(errors ? `${errors} error${errors > 1 ? 's' : ''} to fix${result.written ? ' in the files written (--draft)' : '; nothing written (use --draft to write the files anyway)'}` : 'valid');
    return errors && !result.written ? 1 : 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`${input}: no such file`);
      return 1;
    }
    throw error;
  }
}

async function refreshLicences(file: string, ontologyDir: string): Promise<number> {
  const query = await readFile(path.join(ontologyDir, 'queries', 'wikidata', 'licences.rq'), 'utf8');
  const url = `https://query.wikidata.org/sparql?query=${encodeURIComponent(query)}`;
  try {
    const results = JSON.parse(await fetchText(url, 'application/sparql-results+json', 60000));
    const current = await readLicenceMap(file).catch(() => ({ licences: {} }));
    const about = (current as { about?: string }).about ?? 'Wikidata licence items and their SPDX identifiers (P2479).';
    const map = licenceMapFromResults(results, about);
    await writeLicenceMap(file, map);
    console.log(`${Object.keys(map.licences).length} licences written to ${path.relative(process.cwd(), file)}`);
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

await runCli({ options: OPTIONS, usage: () => USAGE, userErrors: [ImportError, ExistingEntryError, ConfigError], main });
