// The contribution form on the real server: fields from the shapes, errors from the real validator beside
// their fields, the valid file (which the validator then accepts in a copy of the data), the download, the
// forge link, the limits, escaping, and a data folder left untouched.
import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser } from 'n3';
import { createConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { checkDataset } from '../../src/validate/check-dataset.js';
import { BASE, ONTOLOGY, VALID, copyDataset } from '../helpers.js';

let server: RunningServer;
let data: Awaited<ReturnType<typeof copyDataset>>;
let snapshot: string;

async function listing(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true });
  const lines = await Promise.all(entries.sort().map(async (e) => `${e} ${(await stat(path.join(dir, e))).mtimeMs}`));
  return lines.join('\n');
}

beforeAll(async () => {
  data = await copyDataset(VALID);
  snapshot = await listing(data.dir);
  server = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: data.dir, repositoryUrl: 'https://github.com/example/annuaire' }, {}), () => {});
});
afterAll(async () => {
  await server?.close();
  await data?.cleanup();
});

const post = (values: Record<string, string | string[]>, p = '/contribute', lang = 'fr') => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) for (const one of [v].flat()) body.append(k, one);
  return fetch(`${server.url}${p}${lang === 'en' ? '?lang=en' : ''}`, { method: 'POST', body });
};
/** The HTML of one field (its wrapper), to check that an error sits beside it. */
const fieldHtml = (html: string, id: string) => {
  const at = html.indexOf(`id="${id}"`);
  const start = Math.max(html.lastIndexOf('<div class="field', at), html.lastIndexOf('<fieldset', at));
  return html.slice(start, html.indexOf(id.startsWith('f-dcterms') || html.slice(start, start + 9) === '<fieldset' ? '</fieldset>' : '</div>', at));
};

const VALID_COMMONS = {
  kind: 'commons',
  'schema:name': 'Exemple Commun',
  'schema:description@fr': 'Un commun d’exemple pour les tests du formulaire.',
  'schema:description@en': 'An example commons for the form tests.',
  'schema:url': 'https://example.org/commun',
  'schema:license': 'AGPL-3.0-only',
  'dcterms:subject': [`${BASE}id/themes/open-data`, `${BASE}id/themes/free-software`],
  'schema:maintainer': `${BASE}id/actors/la-mednum`,
  'codemeta:developmentStatus': 'active',
  'schema:dateCreated': '2021-03',
};

describe('/contribute', () => {
  it('offers each kind of entry, in French and English', async () => {
    const fr = await (await fetch(`${server.url}/contribute`)).text();
    expect(fr).toContain('<h1>Proposer une fiche</h1>');
    for (const kind of ['commons', 'organisation', 'service', 'project']) expect(fr).toContain(`href="/contribute?kind&#x3D;${kind}"`);
    const en = await (await fetch(`${server.url}/contribute?lang=en`)).text();
    expect(en).toContain('<h1>Propose an entry</h1>');
    expect((await fetch(`${server.url}/contribute?kind=nothing`)).status).toBe(404);
  });

  it('builds its fields from the shapes: required marks, concepts of the schemes, existing entries to link to', async () => {
    const html = await (await fetch(`${server.url}/contribute?kind=commons`)).text();
    expect(html).not.toMatch(/<script/);
    expect(fieldHtml(html, 'f-schema-name')).toContain('(obligatoire)');
    expect(fieldHtml(html, 'f-schema-description-fr')).toContain('(obligatoire)');
    expect(fieldHtml(html, 'f-schema-description-en')).not.toContain('(obligatoire)');
    expect(fieldHtml(html, 'f-schema-programmingLanguage')).not.toContain('(obligatoire)');
    // themes from ontology/schemes/themes.ttl, with their French labels
    expect(html).toMatch(new RegExp(`name="dcterms:subject" value="${BASE}id/themes/open-data"[^>]*> <label[^>]*>Données ouvertes</label>`));
    // the organisations of the data, by name, as carriers
    expect(fieldHtml(html, 'f-schema-maintainer')).toContain(`<option value="${BASE}id/actors/la-mednum">La MedNum</option>`);
    // sh:in choices
    expect(fieldHtml(html, 'f-codemeta-developmentStatus')).toContain('<option value="active">active</option>');
  });

  it('shows each problem the validator finds beside its field, and keeps what was typed', async () => {
    const response = await post({ kind: 'commons', 'schema:name': 'Exemple incomplet', 'schema:url': 'pas une adresse', 'schema:dateCreated': 'hier' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('role="alert"');
    expect(fieldHtml(html, 'f-schema-name')).toContain('value="Exemple incomplet"');
    expect(fieldHtml(html, 'f-schema-url')).toContain('Adresse web attendue');
    expect(fieldHtml(html, 'f-schema-dateCreated')).toContain('AAAA-MM-JJ');
    // from SHACL, through the validator
    expect(fieldHtml(html, 'f-dcterms-subject')).toMatch(/class="field-error"[^>]*>[^<]*Thème/);
    expect(fieldHtml(html, 'f-schema-maintainer')).toMatch(/class="field-error"[^>]*>[^<]*Porteur|class="field-error"[^>]*>[^<]*maintainer/);
    expect(fieldHtml(html, 'f-schema-description-fr')).toMatch(/class="field-error"/);
    expect(fieldHtml(html, 'f-schema-name')).not.toMatch(/class="field-error"/);
  });

  it('gives a file that the validator accepts in the directory, to download, with a prefilled forge link and the steps', async () => {
    const response = await post(VALID_COMMONS);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('data/commons/exemple-commun.ttl');
    const download = await post(VALID_COMMONS, '/contribute/download');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="exemple-commun.ttl"');
    expect(download.headers.get('content-type')).toMatch(/^text\/turtle/);
    const turtle = await download.text();
    const quads = new Parser().parse(turtle);
    expect(quads.some((q) => q.subject.value === `${BASE}id/commons/exemple-commun` && q.object.value === 'http://spdx.org/licenses/AGPL-3.0-only')).toBe(true);
    // the same file, put in a copy of the data, passes the whole validator
    const copy = await copyDataset(VALID);
    try {
      await writeFile(path.join(copy.dir, 'commons', 'exemple-commun.ttl'), turtle);
      const checked = await checkDataset({ ontologyDir: ONTOLOGY, dataDir: copy.dir, baseIri: BASE });
      expect(checked.findings.filter((f) => f.severity === 'error')).toEqual([]);
    } finally {
      await copy.cleanup();
    }
    const link = /href="(https:\/\/github\.com\/example\/annuaire\/new\/main\/data\/commons\?[^"]+)"/.exec(html)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    const params = new URL(link).searchParams;
    expect(params.get('filename')).toBe('exemple-commun.ttl');
    expect(params.get('value')).toBe(turtle);
    expect(html).toContain('npm run validate -- data/commons/exemple-commun.ttl');
  });

  it('refuses an identifier that an entry already has, and one that breaks the slug rule', async () => {
    const taken = await (await post({ ...VALID_COMMONS, slug: 'decidim' })).text();
    expect(fieldHtml(taken, 'f-slug')).toContain('data/commons/decidim.ttl');
    const bad = await (await post({ ...VALID_COMMONS, slug: 'Exemple Commun' })).text();
    expect(fieldHtml(bad, 'f-slug')).toContain('exemple-commun');
  });

  it('escapes what it is sent, in the page and in the Turtle', async () => {
    const attack = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const html = await (await post({ ...VALID_COMMONS, 'schema:name': attack, slug: 'exemple-xss', 'schema:url': 'https://example.org/"><script>' })).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    const ok = await (await post({ ...VALID_COMMONS, 'schema:name': attack, slug: 'exemple-xss' }, '/contribute/download')).text();
    const quads = new Parser().parse(ok);
    expect(quads.find((q) => q.predicate.value === 'http://schema.org/name')?.object.value).toBe(attack);
  });

  it('limits what it reads: the body, each field, the number of values, and values not offered', async () => {
    expect((await post({ ...VALID_COMMONS, 'schema:description@fr': 'x'.repeat(70_000) })).status).toBe(413);
    const long = await (await post({ ...VALID_COMMONS, 'schema:programmingLanguage': 'x'.repeat(501) })).text();
    expect(fieldHtml(long, 'f-schema-programmingLanguage')).toContain('500 caractères au plus');
    const many = await (await post({ ...VALID_COMMONS, 'dcterms:subject': Array.from({ length: 61 }, () => `${BASE}id/themes/open-data`) })).text();
    expect(fieldHtml(many, 'f-dcterms-subject')).toContain('60 au plus');
    const foreign = await (await post({ ...VALID_COMMONS, 'schema:maintainer': 'https://evil.example/x' })).text();
    expect(fieldHtml(foreign, 'f-schema-maintainer')).toContain('ne fait pas partie des choix');
    expect((await post({ kind: 'nothing' })).status).toBe(400);
  });

  it('never writes into the data folder', async () => {
    expect(await listing(data.dir)).toBe(snapshot);
  });
});

describe('"propose a change" on every page', () => {
  it('links to the form, or to the entry\'s edit link when the server has one', async () => {
    for (const p of ['/', '/commons', '/id/commons/decidim', '/contribute']) {
      expect(await (await fetch(`${server.url}${p}`)).text(), p).toContain('<a href="/contribute">Proposer une modification</a>');
    }
    const edit = await startServer(createConfig({ port: '0', host: '127.0.0.1', data: data.dir, editBaseUrl: 'https://example.org/edit/main/' }, {}), () => {});
    try {
      const page = await (await fetch(`${edit.url}/id/commons/decidim?lang=en`)).text();
      expect(page).toMatch(/<a href="https:\/\/example.org\/edit\/main\/[^"]*commons\/decidim.ttl">Propose a change to this entry<\/a>/);
    } finally {
      await edit.close();
    }
    // A second server started inside the test: a safety net for a busy machine, not a speed assertion.
  }, 180_000);
});
