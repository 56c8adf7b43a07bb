// **export** writes the directory out in another standard:
//   npm run export -- publiccode DIR    one <slug>/publiccode.yml per commons that has a repository and a licence
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { baseIriFrom, ConfigError, dataDirFrom, PROJECT_ROOT } from '../config.js';
import { loadGraph, GraphLoadError } from '../graph/load-graph.js';
import { UC, PREFIXES } from '../rdf/namespaces.js';
import { commonsToPubliccode, toPubliccodeYaml } from '../export/publiccode.js';
import { runCli } from './run-cli.js';

const USAGE = `usage: npm run export -- publiccode DIR [--data DIR]

Writes DIR/<slug>/publiccode.yml for each commons that has a repository and a licence, and lists for
each the keys the standard requires that the directory does not hold (to complete before publishing).`;

await runCli({
  options: { data: { type: 'string' }, 'base-iri': { type: 'string' } },
  usage: () => USAGE,
  userErrors: [ConfigError, GraphLoadError],
  main: async ({ values, positionals }) => {
    const [format, out] = positionals;
    if (format !== 'publiccode' || !out || positionals.length > 2) {
      console.error(format && format !== 'publiccode' ? `unknown format "${format}": only publiccode is supported\n\n${USAGE}` : USAGE);
      return 2;
    }
    const baseIri = baseIriFrom(values['base-iri']);
    const graph = await loadGraph({
      ontologyDir: path.join(PROJECT_ROOT, 'ontology'),
      dataDir: dataDirFrom(values.data),
      baseIri,
      strict: true,
    });
    const prefix = `${baseIri}id/commons/`;
    const commons = graph.union.getSubjects(`${PREFIXES.rdf}type`, `${UC}DigitalCommons`, null).map((t) => t.value).filter((iri) => iri.startsWith(prefix)).sort();
    let written = 0;
    for (const iri of commons) {
      const exported = commonsToPubliccode(graph.union, iri);
      const slug = iri.slice(prefix.length);
      if (!exported) {
        console.error(`skipped ${slug}: no repository or no licence`);
        continue;
      }
      const file = path.join(out, slug, 'publiccode.yml');
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, toPubliccodeYaml(exported, iri));
      written++;
      console.log(`${file}${exported.missing.length ? ` (to complete: ${exported.missing.join(', ')})` : ''}`);
    }
    console.error(`${written} publiccode.yml written, ${commons.length - written} commons skipped`);
    return 0;
  },
});
