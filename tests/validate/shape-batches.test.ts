// The shapes run batch by batch must find exactly what they find over the whole graph.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DataFactory, Parser, Store } from 'n3';
import { describe, expect, it } from 'vitest';
import { checkDataset } from '../../src/validate/check-dataset.js';
import type { Finding } from '../../src/validate/finding.js';
import { decodeBatch, encodeBatches, valueReads } from '../../src/validate/shape-batches.js';
import { encodeFiles } from '../../src/graph/compact-store.js';
import { PREFIXES } from '../../src/rdf/namespaces.js';
import { BASE, DATA, FIXTURES, ONTOLOGY, ROOT } from '../helpers.js';

const { namedNode, quad, literal } = DataFactory;
const INVALID = path.join(FIXTURES, 'invalid');
const datasets = [
  DATA,
  ...['valid', 'membership', 'project'].map((name) => path.join(FIXTURES, name)),
  ...readdirSync(INVALID).sort().map((name) => path.join(INVALID, name)),
];

/** Blank node labels count the files parsed so far in the process (see parse-turtle.ts), so two runs name them apart. */
const withoutBlankLabels = (finding: Finding) => {
  const unlabel = (value?: string) => value?.replace(/^t\d+(?=[a_])/, 't');
  return { ...finding, focus: unlabel(finding.focus), value: unlabel(finding.value) };
};
const shapesOf = (...files: string[]) => new Store(files.flatMap((file) => new Parser().parse(readFileSync(path.join(ONTOLOGY, file), 'utf8'))));
const turtle = (text: string) => new Store(new Parser().parse(`PREFIX sh: <${PREFIXES.sh}>\nPREFIX ex: <https://example.org/>\n${text}`));

describe('shapes batch by batch', () => {
  /** The SHACL constraints whose findings the comparisons below have met. */
  const compared = new Set<string>();

  it.each(datasets.map((dir) => [path.relative(ROOT, dir), dir]))('%s: every file a batch of its own finds what the whole graph does', async (_, dir) => {
    const check = (shapes: object) => checkDataset({ ontologyDir: ONTOLOGY, dataDir: dir, baseIri: BASE, lang: 'en', cwd: ROOT, shapes });
    const [batched, whole] = await Promise.all([check({ batchQuads: 1, thread: false }), check({ wholeGraph: true })]);
    expect(batched.findings.map(withoutBlankLabels)).toEqual(whole.findings.map(withoutBlankLabels));
    for (const f of whole.findings) if (f.code === 'shacl') compared.add(f.constraint!);
    // The shapes' own thread, where the server checks large data, where the shapes find something.
    if (whole.findings.some((f) => f.code === 'shacl') || dir === DATA) {
      const threaded = await check({ batchQuads: 1, thread: true });
      expect(threaded.findings.map(withoutBlankLabels)).toEqual(whole.findings.map(withoutBlankLabels));
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
