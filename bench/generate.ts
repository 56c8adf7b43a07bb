// **generate** writes a deterministic synthetic directory of about N triples: the same shapes as the real
// entries (commons, organisations, services; themes, licences, carriers, contributors, partners), with
// French text full of accents, so that search and SPARQL are measured on realistic data.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** mulberry32: a tiny seeded PRNG, so that every run measures the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS_FR = [
  'données', 'collectivités', 'numérique', 'éducation', 'santé', 'énergie', 'accessibilité', 'démocratie', 'coopération',
  'territoire', 'écologie', 'réseau', 'bibliothèque', 'mobilité', 'alimentation', 'solidarité', 'médiation', 'démarches',
  'cartographie', 'participation', 'élus', 'citoyens', 'associations', 'logiciel', 'libre', 'ouvert', 'référentiel',
  'géographiques', 'communs', 'inclusion', 'gouvernance', 'financement', 'sobriété', 'interopérabilité', 'sémantique',
];
const WORDS_EN = ['data', 'local', 'digital', 'education', 'health', 'energy', 'accessible', 'democracy', 'cooperation', 'network', 'open', 'free', 'mapping', 'inclusion', 'commons'];
const SYLLABLES = ['ca', 'dé', 'mo', 'li', 'té', 'ra', 'vé', 'no', 'ço', 'lu', 'pa', 'è', 'ri', 'sa', 'gé', 'fo', 'bu', 'ni'];
const THEMES = ['civic-participation', 'open-data', 'public-service-design', 'design-system', 'digital-inclusion', 'access-to-rights', 'online-procedures', 'translation', 'mapping', 'cooperative-governance', 'social-solidarity-economy', 'semantic-web', 'free-software', 'collaboration-tools', 'decentralised-web', 'public-transparency', 'funding', 'digital-skills', 'food', 'ecological-transition', 'responsible-digital', 'accessibility', 'public-innovation'];
const SKILLS = ['service-design', 'ux-research', 'ui-design', 'software-development', 'data-science', 'data-engineering', 'knowledge-engineering', 'project-management', 'product-management', 'training', 'facilitation', 'community-management'];
const TYPES = ['association', 'public-body', 'semi-public-body', 'private-company', 'scop', 'scic', 'collective'];
const TERRITORIES = ['france', 'ile-de-france', 'bretagne', 'occitanie', 'auvergne-rhone-alpes', 'grand-est', 'hauts-de-france', 'nouvelle-aquitaine', 'normandie', 'europe'];
const LICENCES = ['AGPL-3.0-only', 'AGPL-3.0-or-later', 'MIT', 'Apache-2.0', 'GPL-3.0-or-later', 'etalab-2.0', 'ODbL-1.0', 'CC-BY-4.0', 'EUPL-1.2'];
const LANGUAGES = ['Python', 'Ruby', 'JavaScript', 'TypeScript', 'PHP', 'Java', 'Go', 'Rust'];

const PREFIXES = `PREFIX schema: <http://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX spdx: <http://spdx.org/licenses/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX uc: <https://w3id.org/usages-communs/ns#>
PREFIX commons: <https://w3id.org/usages-communs/id/commons/>
PREFIX actor: <https://w3id.org/usages-communs/id/actors/>
PREFIX theme: <https://w3id.org/usages-communs/id/themes/>
PREFIX skill: <https://w3id.org/usages-communs/id/skills/>
PREFIX type: <https://w3id.org/usages-communs/id/actor-types/>
PREFIX territory: <https://w3id.org/usages-communs/id/territories/>
`;

export interface GeneratedDataset {
  dir: string;
  commons: number;
  actors: number;
  services: number;
  /** Approximate number of triples written to data files (the ontology adds about 2,000). */
  triples: number;
}

export async function generateDataset(dir: string, targetTriples: number, seed = 42): Promise<GeneratedDataset> {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const some = <T>(list: readonly T[], max: number): T[] => [...new Set(Array.from({ length: 1 + Math.floor(rand() * max) }, () => pick(list)))];
  const word = () => Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(SYLLABLES)).join('');
  const sentence = (words: readonly string[], n: number) => Array.from({ length: n }, () => pick(words)).join(' ');
  const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

  // About 9.3 triples per organisation, 14.3 per commons, 8 per service, and a service per four commons: 24 per
  // pair of organisation and commons, so that a target of 100,000 gives about 100,000 triples in all.
  const actors = Math.max(3, Math.round(targetTriples / 24));
  const commons = Math.max(3, Math.round(targetTriples / 24));
  const services = Math.max(1, Math.round(targetTriples / 96));
  await rm(dir, { recursive: true, force: true });
  for (const kind of ['actors', 'commons', 'services']) await mkdir(path.join(dir, kind), { recursive: true });
  let triples = 0;
  const write = async (kind: string, slug: string, body: string, count: number) => {
    triples += count;
    await writeFile(path.join(dir, kind, `${slug}.ttl`), `${PREFIXES}\n${body}`);
  };

  for (let i = 0; i < actors; i++) {
    const skills = some(SKILLS, 3);
    const partner = i > 0 && rand() < 0.3 ? `;\n  uc:partnerOf actor:org-${Math.floor(rand() * i)} ` : '';
    await write('actors', `org-${i}`, `actor:org-${i} a org:FormalOrganization ;
  schema:name "${escape(`${word()} ${pick(WORDS_FR)} ${i}`)}" ;
  schema:description "${escape(`Organisation ${sentence(WORDS_FR, 12)}.`)}"@fr, "${escape(`Organisation ${sentence(WORDS_EN, 10)}.`)}"@en ;
  schema:url <https://org-${i}.example.org/> ;
  org:classification type:${pick(TYPES)} ;
  schema:knowsAbout ${skills.map((s) => `skill:${s}`).join(', ')} ;
  schema:areaServed territory:${pick(TERRITORIES)} ${partner}.
`, 7 + skills.length + (partner ? 1 : 0));
  }
  for (let i = 0; i < commons; i++) {
    const themes = some(THEMES, 3);
    const contributors = Array.from({ length: Math.floor(rand() * 3) }, () => `actor:org-${Math.floor(rand() * actors)}`);
    const unique = [...new Set(contributors)];
    await write('commons', `commun-${i}`, `commons:commun-${i} a uc:DigitalCommons, schema:SoftwareApplication ;
  schema:name "${escape(`${word()} ${pick(WORDS_FR)}`)}" ;
  schema:description "${escape(`Logiciel libre pour ${sentence(WORDS_FR, 14)}.`)}"@fr, "${escape(`Free software for ${sentence(WORDS_EN, 12)}.`)}"@en ;
  schema:url <https://commun-${i}.example.org/> ;
  schema:codeRepository <https://forge.example.org/commun-${i}> ;
  schema:programmingLanguage "${pick(LANGUAGES)}" ;
  schema:license spdx:${pick(LICENCES)} ;
  dcterms:subject ${themes.map((t) => `theme:${t}`).join(', ')} ;
  schema:maintainer actor:org-${Math.floor(rand() * actors)}${unique.length ? ` ;\n  schema:contributor ${unique.join(', ')}` : ''} .
`, 11 + themes.length + unique.length);
  }
  for (let i = 0; i < services; i++) {
    await write('services', `service-${i}`, `<https://w3id.org/usages-communs/id/services/service-${i}> a uc:Service ;
  schema:name "${escape(`Service ${word()}`)}" ;
  schema:description "${escape(`Service en ligne pour ${sentence(WORDS_FR, 10)}.`)}"@fr, "${escape(`Online service for ${sentence(WORDS_EN, 8)}.`)}"@en ;
  schema:url <https://service-${i}.example.org/> ;
  schema:provider actor:org-${Math.floor(rand() * actors)} ;
  dcterms:subject theme:${pick(THEMES)} ;
  uc:buildsOn commons:commun-${Math.floor(rand() * commons)} .
`, 8);
  }
  return { dir, commons, actors, services, triples };
}

// `npx tsx bench/generate.ts DIR TRIPLES` writes a dataset to look at or to serve with --data.
if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const [dir, size] = process.argv.slice(2);
  if (!dir || !size) {
    console.error('usage: npx tsx bench/generate.ts DIR TRIPLES');
    process.exit(2);
  }
  console.log(await generateDataset(path.resolve(dir), Number(size)));
}
