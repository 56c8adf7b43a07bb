// CONTRIBUTING.md's Turtle examples are real entries: each is written into a copy of data/ and validated
// against the shapes, and every relation the shapes allow (every field linking to another entry, and the
// membership's college) has an example in French and in English. A change to the shapes that the guide
// does not follow fails here.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEntryModel } from '../../src/contribute/entry-model.js';
import { runValidate } from '../../src/validate/run-validate.js';
import { BASE, DATA, ROOT, copyDataset } from '../helpers.js';

const guide = await readFile(path.join(ROOT, 'CONTRIBUTING.md'), 'utf8');
const sections = {
  fr: guide.slice(guide.indexOf('\n## Français'), guide.indexOf('\n## English')),
  en: guide.slice(guide.indexOf('\n## English')),
};
const blocks = (text: string) => [...text.matchAll(/```turtle\n([\s\S]*?)```/g)].map((m) => m[1]);

const model = readEntryModel();
/** Every relation of the shapes: the fields whose value is another entry, and the membership's class and college. */
const relations = [
  ...new Set([
    ...model.kinds.flatMap((k) => k.fields).filter((f) => f.value === 'entry').map((f) => f.path),
    ...model.membership.fields.filter((f) => f.value === 'entry' || f.name === 'uc:college').map((f) => f.path),
  ]),
];

describe.each(['fr', 'en'] as const)('CONTRIBUTING.md (%s)', { timeout: 120_000 }, (lang) => {
  const examples = blocks(sections[lang]);
  let dataset: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    dataset = await copyDataset(DATA);
  });
  afterAll(async () => dataset.cleanup());

  it('has a Turtle example for every relation an entry may have, listed in its table', () => {
    expect(relations.length).toBeGreaterThanOrEqual(11);
    const used = new Set(examples.flatMap((text) => new Parser().parse(text).map((q) => q.predicate.value)));
    const prefixes = model.prefixes;
    for (const iri of relations) {
      const name = Object.entries(prefixes).map(([p, ns]) => (iri.startsWith(ns) ? `${p}:${iri.slice(ns.length)}` : '')).find(Boolean)!;
      expect(used.has(iri), `${name} has no example`).toBe(true);
      const inMembership = model.membership.fields.some((f) => f.path === iri);
      if (!inMembership) expect(sections[lang], `${name} is not in the table`).toContain(`| \`${name}\``);
    }
    expect(sections[lang]).toContain('`org:Membership` + `uc:college`');
  });

  it('gives examples that validate against the shapes, with no error and no warning', async () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
    const files: string[] = [];
    for (const text of examples) {
      const file = /^# (data\/[a-z]+\/[a-z0-9-]+\.ttl)\n/.exec(text)?.[1];
      expect(file, `each example starts with the file it goes in:\n${text}`).toBeDefined();
      const absolute = path.join(dataset.dir, file!.slice('data/'.length));
      await mkdir(path.dirname(absolute), { recursive: true });
      await writeFile(absolute, text);
      files.push(absolute);
    }
    const run = await runValidate({ paths: files, dataDir: dataset.dir, baseIri: BASE, lang, cwd: ROOT });
    expect(run.findings.map((f) => `${f.location.file}:${f.location.line} ${f.message} — ${f.hint}`)).toEqual([]);
    expect(run.files).toBe(files.length);
  });
});
