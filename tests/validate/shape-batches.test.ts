// The shapes run batch by batch must find exactly what they find over the whole graph.
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory, Parser, Store } from 'n3';
import { describe, expect, it } from 'vitest';
import { checkDataset } from '../../src/validate/check-dataset.js';
import { batchDigest, decodeBatch, encodeBatches, valueReads } from '../../src/validate/shape-batches.js';
import { encodeFiles } from '../../src/graph/compact-store.js';
import { PREFIXES } from '../../src/rdf/namespaces.js';
import { BASE, DATA, FIXTURES, ONTOLOGY, ROOT, copyDataset } from '../helpers.js';
import type { ShapeOptions } from '../../src/validate/shacl.js';

const { namedNode, quad, literal } = DataFactory;
const INVALID = path.join(FIXTURES, 'invalid');
const datasets = [
  DATA,
  ...['valid', 'membership', 'project'].map((name) => path.join(FIXTURES, name)),
  ...readdirSync(INVALID).sort().map((name) => path.join(INVALID, name)),
];

const shapesOf = (...files: string[]) => new Store(files.flatMap((file) => new Parser().parse(readFileSync(path.join(ONTOLOGY, file), 'utf8'))));
const turtle = (text: string) => new Store(new Parser().parse(`PREFIX sh: <${PREFIXES.sh}>\nPREFIX ex: <https://example.org/>\n${text}`));

describe('shapes batch by batch', () => {
  /** The SHACL constraints whose findings the comparisons below have met. */
  const compared = new Set<string>();

  it.each(datasets.map((dir) => [path.relative(ROOT, dir), dir]))('%s: every file a batch of its own finds what the whole graph does', async (_, dir) => {
    const check = (shapes: object) => checkDataset({ ontologyDir: ONTOLOGY, dataDir: dir, baseIri: BASE, lang: 'en', cwd: ROOT, shapes });
    const [batched, whole] = await Promise.all([check({ batchQuads: 1, thread: false }), check({ wholeGraph: true })]);
    expect(batched.findings).toEqual(whole.findings);
    for (const f of whole.findings) if (f.code === 'shacl') compared.add(f.constraint!);
    // The shapes' own thread, where the server checks large data, where the shapes find something.
    if (whole.findings.some((f) => f.code === 'shacl') || dir === DATA) {
      const threaded = await check({ batchQuads: 1, thread: true });
      expect(threaded.findings).toEqual(whole.findings);
    }
  });

  it('are compared on data where the shapes do find something', () => {
    // Without SHACL findings among the fixtures, the comparisons above could not fail. sh:class and sh:node
    // read the linked node, in another batch: its facts must have come along.
    expect([...compared]).toEqual(expect.arrayContaining(['Class', 'Closed', 'Node', 'NodeKind', 'Or', 'QualifiedMinCount']));
  });

  it('read on linked nodes only what the project shapes look at there', () => {
    const reads = valueReads(shapesOf('shapes.ttl', 'uc.ttl'))!;
    // rdf:type for sh:class, skos:inScheme for the themes, territories and skills, the second step of a sequence path.
    expect(reads).toContain(`${PREFIXES.rdf}type`);
    expect(reads).toContain(`${PREFIXES.skos}inScheme`);
    expect(reads).toContain('http://www.w3.org/2006/time#inXSDDate');
    expect(reads).not.toContain(`${PREFIXES.schema}name`);
  });

  it('are not used for shapes that read backwards or check a linked node closed', () => {
    expect(valueReads(turtle('ex:S sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ] .'))).toBeUndefined();
    expect(valueReads(turtle('ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .'))).toBeUndefined();
    expect(valueReads(turtle('ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:node ex:V ] .\nex:V sh:closed true .'))).toBeUndefined();
    expect(valueReads(turtle('ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:node ex:V ] .\nex:V sh:property [ sh:path ex:q ; sh:minCount 1 ] .'))).toEqual(new Set([`${PREFIXES.rdf}type`, 'https://example.org/q']));
  });

  it('give way to the whole graph as soon as one subject is described in two files', () => {
    const [a, b] = ['https://example.org/file-a', 'https://example.org/file-b'];
    const subject = namedNode('https://example.org/thing');
    const encoded = encodeFiles([
      [quad(subject, namedNode(`${PREFIXES.schema}name`), literal('A'), namedNode(a))],
      [quad(subject, namedNode(`${PREFIXES.schema}url`), namedNode('https://a.example/'), namedNode(b))],
    ]);
    const batches = encodeBatches({ encoded, ontology: [], data: [a, b] }, new Set(), 1);
    const yielded = [];
    let next = batches.next();
    for (; !next.done; next = batches.next()) yielded.push(next.value);
    expect(next.value).toBe(false);
    // The ontology's batch (empty here) and the first file's were made before the second file showed the clash.
    expect(yielded).toHaveLength(2);
  });

  it('hold each file once, with the facts the shapes read on what it links to', () => {
    const [a, b] = ['https://example.org/file-a', 'https://example.org/file-b'];
    const [thing, other] = [namedNode('https://example.org/thing'), namedNode('https://example.org/other')];
    const type = namedNode(`${PREFIXES.rdf}type`);
    const encoded = encodeFiles([
      [quad(thing, namedNode(`${PREFIXES.schema}funder`), other, namedNode(a))],
      [quad(other, type, namedNode(`${PREFIXES.org}Organization`), namedNode(b)), quad(other, namedNode(`${PREFIXES.schema}name`), literal('Other'), namedNode(b))],
    ]);
    const batches = [...encodeBatches({ encoded, ontology: [], data: [a, b] }, new Set([type.value]), 1)].map(decodeBatch);
    expect(batches.map((batch) => batch.dataset.size)).toEqual([0, 2, 2]);
    const [, first, second] = batches;
    expect(first.dataset.match(other, null, null, null).map((q) => q.predicate.value)).toEqual([type.value]);
    expect([first.describes(thing), first.describes(other), second.describes(other)]).toEqual([true, false, true]);
  });
});

describe('shapes re-checked only where the data changed', () => {
  // Small batches, so that the bundled data makes dozens of them.
  const BATCH = 64;
  const check = (dir: string, shapes: ShapeOptions) => checkDataset({ ontologyDir: ONTOLOGY, dataDir: dir, baseIri: BASE, lang: 'en', cwd: ROOT, shapes: { batchQuads: BATCH, thread: false, ...shapes } });

  it('knows every batch again when nothing changed, and finds the same', async () => {
    for (const dir of [DATA, ...['theme-outside-scheme', 'membership-blank-node'].map((name) => path.join(INVALID, name))]) {
      const first = await check(dir, {});
      expect(first.shapes!.known).toBe(0);
      if (dir !== DATA) expect(first.findings.some((f) => f.code === 'shacl')).toBe(true);
      const again = await check(dir, { cache: first.shapes!.cache });
      expect(again.shapes!.known).toBe(again.shapes!.checked);
      expect(again.findings).toEqual(first.findings);
    }
  });

  it('re-checks the edited file\'s batch and those linking to what changed type, and finds what a fresh check finds', async () => {
    const { dir, cleanup } = await copyDataset(DATA);
    try {
      const before = await check(dir, {});
      expect(before.shapes!.checked).toBeGreaterThan(20);
      expect(before.findings.filter((f) => f.code === 'shacl')).toEqual([]);
      // The association is no longer an organisation: decidim.ttl, in another batch, now names a maintainer of the wrong kind.
      const file = path.join(dir, 'actors', 'decidim-association.ttl');
      await writeFile(file, (await readFile(file, 'utf8')).replace('a org:FormalOrganization', 'a schema:CreativeWork'));
      const [cached, fresh] = await Promise.all([check(dir, { cache: before.shapes!.cache }), check(dir, {})]);
      expect(cached.findings).toEqual(fresh.findings);
      expect(cached.findings).toContainEqual(expect.objectContaining({ code: 'shacl', constraint: 'Class', location: expect.objectContaining({ file: expect.stringMatching(/commons\/decidim\.ttl$/) }) }));
      // Only the batches of the two files, and those an edit may shift a cut in, were checked again.
      expect(cached.shapes!.checked - cached.shapes!.known).toBeGreaterThanOrEqual(2);
      expect(cached.shapes!.checked - cached.shapes!.known).toBeLessThanOrEqual(4);
    } finally {
      await cleanup();
    }
  });

  it('knows nothing once the shapes change', async () => {
    const first = await check(DATA, {});
    const stale = { ...first.shapes!.cache, shapes: 'other shapes' };
    expect((await check(DATA, { cache: stale })).shapes!.known).toBe(0);
  });

  it('cut where the files\' names say, so that a file that grows moves no other batch', () => {
    const type = namedNode(`${PREFIXES.rdf}type`);
    const name = namedNode(`${PREFIXES.schema}name`);
    const files = Array.from({ length: 400 }, (_, i) => `https://example.org/file-${i}`);
    const encode = (grown: number) => encodeFiles(files.map((file, i) => Array.from({ length: i === grown ? 40 : 4 }, (_, k) => quad(namedNode(`${file}#e`), k ? name : type, literal(String(k)), namedNode(file)))));
    const digests = (grown: number) => [...encodeBatches({ encoded: encode(grown), ontology: [], data: files }, new Set(), BATCH)].map(batchDigest);
    const [before, after] = [digests(-1), digests(200)];
    expect(before.length).toBeGreaterThan(10);
    const moved = after.filter((digest) => !before.includes(digest));
    expect(moved.length).toBeGreaterThanOrEqual(1);
    expect(moved.length).toBeLessThanOrEqual(2);
  });

  it('digest the same content the same, whatever the order of its quads and terms', () => {
    const batch = { terms: ['https://example.org/a', `${PREFIXES.rdf}type`, 'https://example.org/C', '"x"'], quads: Uint32Array.of(0, 1, 2, 0, 1, 3), described: Uint32Array.of(0) };
    const shuffled = { terms: ['"x"', 'https://example.org/C', `${PREFIXES.rdf}type`, 'https://example.org/a'], quads: Uint32Array.of(3, 2, 0, 3, 2, 1), described: Uint32Array.of(3) };
    expect(batchDigest(shuffled)).toBe(batchDigest(batch));
    expect(batchDigest({ ...batch, described: Uint32Array.of() })).not.toBe(batchDigest(batch));
    expect(batchDigest({ ...batch, terms: [...batch.terms.slice(0, 3), '"y"'] })).not.toBe(batchDigest(batch));
  });
});
