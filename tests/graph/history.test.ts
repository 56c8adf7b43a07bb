import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readHistory } from '../../src/graph/history.js';
import { historyGraphIri, loadGraph } from '../../src/graph/load-graph.js';
import { BASE, copyDataset, ONTOLOGY, VALID } from '../helpers.js';
import { gitDataset, type GitDataset } from '../git-dataset.js';

const DCT = 'http://purl.org/dc/terms/';
const date = (iso: string) => new Date(iso);

describe('history from git', () => {
  let repo: GitDataset;
  let first: string;
  let second: string;
  let third: string;

  beforeAll(async () => {
    repo = await gitDataset(VALID);
    first = repo.commit('add the fixtures', '2024-01-01T10:00:00Z');
    await repo.append('commons/decidim.ttl', '\n# a change\n');
    second = repo.commit('change decidim', '2024-02-01T10:00:00Z');
    await repo.remove('services/solidarite-numerique.ttl');
    third = repo.commit('remove a service', '2024-03-01T10:00:00Z');
  });
  afterAll(() => repo.cleanup());

  it('dates each file from its first and last commit, in one history', async () => {
    const history = (await readHistory(repo.dir))!;
    expect(history.files.get('commons/decidim.ttl')).toEqual({ created: date('2024-01-01T10:00:00Z'), modified: date('2024-02-01T10:00:00Z') });
    expect(history.files.get('commons/semapps.ttl')).toEqual({ created: date('2024-01-01T10:00:00Z'), modified: date('2024-01-01T10:00:00Z') });
    expect(history.files.has('services/solidarite-numerique.ttl')).toBe(false);
    expect(history.lastCommitDate).toEqual(date('2024-03-01T10:00:00Z'));
    // newest first: the removal, the change, then one creation per file
    expect(history.changes.slice(0, 2).map((c) => [c.type, c.relative, c.commit])).toEqual([
      ['Delete', 'services/solidarite-numerique.ttl', third],
      ['Update', 'commons/decidim.ttl', second],
    ]);
    expect(history.changes.slice(2).every((c) => c.type === 'Create' && c.commit === first)).toBe(true);
    expect(history.changes).toHaveLength(2 + 8);
  });

  it('gives no modification date to a file with uncommitted changes', async () => {
    await repo.append('commons/semapps.ttl', '\n# not committed\n');
    try {
      const history = (await readHistory(repo.dir))!;
      expect(history.files.get('commons/semapps.ttl')).toEqual({ created: date('2024-01-01T10:00:00Z') });
      expect(history.files.get('commons/decidim.ttl')?.modified).toEqual(date('2024-02-01T10:00:00Z'));
    } finally {
      repo.git('checkout', '--', 'commons/semapps.ttl');
    }
  });

  it('counts a file removed and added again from its new addition', async () => {
    const again = await gitDataset(VALID);
    try {
      again.commit('one', '2024-01-01T00:00:00Z');
      await again.remove('commons/semapps.ttl');
      again.commit('two', '2024-01-02T00:00:00Z');
      again.git('checkout', 'HEAD~1', '--', 'commons/semapps.ttl');
      again.commit('three', '2024-01-03T00:00:00Z');
      expect((await readHistory(again.dir))!.files.get('commons/semapps.ttl')).toEqual({ created: date('2024-01-03T00:00:00Z'), modified: date('2024-01-03T00:00:00Z') });
    } finally {
      await again.cleanup();
    }
  });

  it('trusts no date that a shallow clone cannot know', async () => {
    const clone = await mkdtemp(path.join(tmpdir(), 'uc-shallow-'));
    try {
      execFileSync('git', ['clone', '--quiet', '--depth', '2', `file://${repo.dir}`, clone]);
      const history = (await readHistory(clone))!;
      // The boundary commit (the change to decidim) shows every file as added: only what came after is known.
      expect(history.files.get('commons/decidim.ttl')).toEqual({});
      expect(history.files.get('commons/semapps.ttl')).toEqual({});
      expect(history.changes[0]).toMatchObject({ type: 'Delete', relative: 'services/solidarite-numerique.ttl' });
    } finally {
      await rm(clone, { recursive: true, force: true });
    }
  });

  it('publishes the dates as dcterms:created and dcterms:modified in the graph, in a named graph of their own', async () => {
    const graph = await loadGraph({ ontologyDir: ONTOLOGY, dataDir: repo.dir, baseIri: BASE, strict: true });
    const decidim = `${BASE}id/commons/decidim`;
    expect(graph.union.getObjects(decidim, `${DCT}created`, null).map((o) => o.value)).toEqual(['2024-01-01T10:00:00.000Z']);
    expect(graph.union.getObjects(decidim, `${DCT}modified`, null).map((o) => o.value)).toEqual(['2024-02-01T10:00:00.000Z']);
    expect(graph.store.getQuads(decidim, `${DCT}modified`, null, historyGraphIri(BASE))).toHaveLength(1);
    expect(graph.history?.lastCommitDate).toEqual(date('2024-03-01T10:00:00Z'));
  });

  it('gives no date at all when the data folder is not a git checkout', async () => {
    const { dir, cleanup } = await copyDataset(VALID);
    try {
      expect(await readHistory(dir)).toBeUndefined();
      const graph = await loadGraph({ ontologyDir: ONTOLOGY, dataDir: dir, baseIri: BASE, strict: true });
      expect(graph.union.getQuads(null, `${DCT}created`, null, null)).toHaveLength(0);
      expect(graph.union.getQuads(null, `${DCT}modified`, null, null)).toHaveLength(0);
      expect(graph.history).toBeUndefined();
    } finally {
      await cleanup();
    }
  });

  it('reads the history of thousands of files correctly in one pass', async () => {
    const big = await mkdtemp(path.join(tmpdir(), 'uc-many-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.org', ...args], { cwd: big, encoding: 'utf8' });
      git('init', '--quiet');
      await mkdir(path.join(big, 'commons'));
      for (let i = 0; i < 3000; i++) await writeFile(path.join(big, 'commons', `c${i}.ttl`), `# ${i}\n`);
      git('add', '.');
      execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.org', 'commit', '--quiet', '-m', 'many'], { cwd: big, env: { ...process.env, GIT_COMMITTER_DATE: '2024-05-01T00:00:00Z' } });
      for (let i = 0; i < 3000; i += 2) await writeFile(path.join(big, 'commons', `c${i}.ttl`), `# ${i} changed\n`);
      git('add', '.');
      execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.org', 'commit', '--quiet', '-m', 'half'], { cwd: big, env: { ...process.env, GIT_COMMITTER_DATE: '2024-06-01T00:00:00Z' } });
      const history = (await readHistory(big))!;
      expect(history.files.size).toBe(3000);
      expect(history.changes).toHaveLength(4500);
      expect(history.files.get('commons/c10.ttl')).toEqual({ created: date('2024-05-01T00:00:00Z'), modified: date('2024-06-01T00:00:00Z') });
      expect(history.files.get('commons/c11.ttl')).toEqual({ created: date('2024-05-01T00:00:00Z'), modified: date('2024-05-01T00:00:00Z') });
    } finally {
      await rm(big, { recursive: true, force: true });
    }
  }, 120_000);
});
