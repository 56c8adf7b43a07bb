import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GraphLoadError, historyGraphIri, loadGraph } from '../../src/graph/load-graph.js';
import { checkDataset } from '../../src/validate/check-dataset.js';
import { BASE, copyDataset, FIXTURES, ONTOLOGY, ROOT, VALID } from '../helpers.js';

const options = (dataDir: string, strict = true) => ({ ontologyDir: ONTOLOGY, dataDir, baseIri: BASE, strict, cwd: ROOT });
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('loadGraph', () => {
  it('loads every file into its own named graph, with a source map back to file and line', async () => {
    const graph = await loadGraph(options(VALID));
    const decidim = `${BASE}id/commons/decidim`;
    // Its dates, when the fixtures' history is known, are in the history's graph (see history.test.ts).
    const graphs = new Set(graph.store.getQuads(decidim, null, null, null).map((q) => q.graph.value).filter((g) => g !== historyGraphIri(BASE)));
    expect([...graphs]).toEqual([`${BASE}source/data/commons/decidim.ttl`]);
    expect(graph.sources.filter((s) => s.root === 'data')).toHaveLength(8);
    expect(graph.sourceMap.fileOf(decidim)?.relative).toBe('commons/decidim.ttl');
    // Lines and columns are the validator's (see check-dataset): a served graph keeps only which file says what.
    expect((await checkDataset(options(VALID))).sourceMap!.locate(decidim, 'http://schema.org/license')).toEqual({ file: 'tests/fixtures/valid/commons/decidim.ttl', line: 15, column: 3 });
    expect(() => graph.sourceMap.locate(decidim)).toThrow(/validator/);
    expect(graph.warnings).toEqual([]);
  });

  it('loads the ontology too, so that queries see the vocabulary and the concept schemes', async () => {
    const graph = await loadGraph(options(VALID));
    expect(graph.store.getQuads(`${BASE}id/themes/open-data`, null, null, null).length).toBeGreaterThan(0);
    expect(graph.store.getQuads('https://w3id.org/usages-communs/ns#DigitalCommons', null, null, null).length).toBeGreaterThan(0);
  });

  it('refuses the whole dataset on a syntax error, even without strict mode', async () => {
    const error = await loadGraph(options(path.join(FIXTURES, 'invalid', 'syntax'), false)).catch((e) => e);
    expect(error).toBeInstanceOf(GraphLoadError);
    expect(error.findings).toHaveLength(1);
    expect(error.findings[0].location).toMatchObject({ file: 'tests/fixtures/invalid/syntax/commons/decidim.ttl', line: 10, column: 3 });
  });

  it('refuses a shape violation in strict mode', async () => {
    const error = await loadGraph(options(path.join(FIXTURES, 'invalid', 'licence-not-spdx'))).catch((e) => e);
    expect(error).toBeInstanceOf(GraphLoadError);
    expect(error.findings.map((f: { code: string }) => f.code)).toEqual(['shacl']);
  });

  it('serves any valid RDF without strict mode, with the violations as warnings', async () => {
    const graph = await loadGraph(options(path.join(FIXTURES, 'invalid', 'licence-not-spdx'), false));
    expect(graph.warnings.map((f) => [f.code, f.severity])).toEqual([['shacl', 'warning']]);
    expect(graph.store.size).toBeGreaterThan(0);
  });

  it('never half-loads: one broken file among good ones stops everything', async () => {
    const { dir, cleanup } = await copyDataset(VALID);
    cleanups.push(cleanup);
    await writeFile(path.join(dir, 'commons', 'semapps.ttl'), '<a> <b> .\n');
    await expect(loadGraph(options(dir))).rejects.toBeInstanceOf(GraphLoadError);
    await rm(path.join(dir, 'commons', 'semapps.ttl'));
    await expect(loadGraph(options(dir))).resolves.toBeTruthy();
  });
});
