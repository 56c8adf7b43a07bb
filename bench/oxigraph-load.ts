// Loads a directory's files into Oxigraph in a process of its own and prints, as JSON, the time taken
// (reading the files included, as the server's start includes it) and the process's peak RSS.
// Used by bench/startup.ts:   node --import tsx bench/oxigraph-load.ts ONTOLOGY_DIR DATA_DIR
import { readFile } from 'node:fs/promises';
import oxigraph from 'oxigraph';
import { readSources } from '../src/graph/sources.js';

const BASE_IRI = 'https://w3id.org/usages-communs/';
const [ontology, data] = process.argv.slice(2);
const started = performance.now();
const store = new oxigraph.Store();
for (const file of await readSources({ ontology, data }, BASE_IRI)) {
  store.load(file.text, { format: 'text/turtle', base_iri: file.entity ?? BASE_IRI });
}
const loadMs = performance.now() - started;
const status = await readFile('/proc/self/status', 'utf8');
const peakRssMb = Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024);
process.stdout.write(JSON.stringify({ loadMs: Math.round(loadMs), peakRssMb, triples: store.size }));
