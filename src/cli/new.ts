// **new** starts an entry: `npm run new -- organisation "La Quadrature du Net"` (or commons, service, project).
// Writes data/<folder>/<slug>.ttl from the shapes (see src/contribute/skeleton.ts) and prints the next steps.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../config.js';
import { KIND_NAMES, readEntryModel, type KindName } from '../contribute/entry-model.js';
import { skeleton } from '../contribute/skeleton.js';
import { toDisplayPath } from '../graph/sources.js';
import { langFrom, type Lang } from '../validate/messages.js';
import { slugify } from '../validate/slug.js';
import { recoverNpmFlags } from './npm-args.js';

/** French names a contributor may type, for the same kinds. */
const ALIASES: Record<string, KindName> = { commun: 'commons', organization: 'organisation', projet: 'project' };

const TEXT = {
  en: {
    usage: `usage: npm run new -- <${KIND_NAMES.join('|')}> "<name>" [--lang fr|en] [--data DIR]

Creates data/<folder>/<slug>.ttl with every field the shapes require (as TODO placeholders) and the
optional ones as comments. The slug is made from the name: lowercase ASCII letters, digits and hyphens.`,
    kind: (k: string) => `unknown kind "${k}": use one of ${KIND_NAMES.join(', ')}`,
    noSlug: (n: string) => `"${n}" gives an empty slug: give a name with letters or digits`,
    exists: (f: string) => `${f} already exists: this entry is already in the directory (edit that file), or give a more precise name`,
    created: (f: string) => `Created ${f}.`,
    next: (f: string, slug: string) => `Next steps:
  1. Open ${f} and replace each TODO: the comment above it says what goes there.
     Keep the facts true and public; uncomment the optional fields you can fill.
  2. Check it: npm run validate ${f}
     Fix what it reports until it says "0 errors".
  3. Propose it: git checkout -b add-${slug} && git add ${f} && git commit -m "Add ${slug}" && git push
     then open a pull request; the check runs the same validator on it.`,
  },
  fr: {
    usage: `usage : npm run new -- <${KIND_NAMES.join('|')}> "<nom>" [--lang fr|en] [--data DOSSIER]

Crée data/<dossier>/<slug>.ttl avec chaque champ que les formes exigent (des TODO à remplacer) et les
champs facultatifs en commentaire. Le slug est tiré du nom : lettres ASCII minuscules, chiffres et tirets.`,
    kind: (k: string) => `type de fiche « ${k} » inconnu : utilisez ${KIND_NAMES.join(', ')}`,
    noSlug: (n: string) => `« ${n} » donne un slug vide : donnez un nom avec des lettres ou des chiffres`,
    exists: (f: string) => `${f} existe déjà : cette fiche est déjà dans l'annuaire (modifiez ce fichier), ou donnez un nom plus précis`,
    created: (f: string) => `${f} créé.`,
    next: (f: string, slug: string) => `Étapes suivantes :
  1. Ouvrez ${f} et remplacez chaque TODO : le commentaire au-dessus dit quoi y mettre.
     Gardez des faits vrais et publics ; décommentez les champs facultatifs que vous pouvez remplir.
  2. Vérifiez : npm run validate ${f} --lang fr
     Corrigez ce qu'il signale jusqu'à « 0 erreur ».
  3. Proposez-la : git checkout -b ajout-${slug} && git add ${f} && git commit -m "Ajout de ${slug}" && git push
     puis ouvrez une pull request ; la vérification y relance le même validateur.`,
  },
};

async function main(argv: string[]): Promise<number> {
  const envLang = langFrom(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG);
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { lang: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${TEXT[envLang].usage}`);
    return 2;
  }
  // `npm run new organisation "X" --lang fr` without `--`: the name is the second positional, so only a
  // trailing fr/en beyond the first two is taken for the language.
  const recovered = args.positionals.length > 2
    ? recoverNpmFlags(args.positionals.slice(2), args.values, [{ name: 'lang', accepts: (v) => v === 'fr' || v === 'en' }])
    : { positionals: [], values: args.values };
  const positionals = [...args.positionals.slice(0, 2), ...recovered.positionals];
  const values = recovered.values;
  const lang: Lang = values.lang === 'fr' || values.lang === 'en' ? values.lang : envLang;
  const say = TEXT[lang];
  if (values.help) {
    console.log(say.usage);
    return 0;
  }
  if (positionals.length !== 2) {
    console.error(say.usage);
    return 2;
  }
  const [given, name] = positionals;
  const kindName = (ALIASES[given.toLowerCase()] ?? given.toLowerCase()) as KindName;
  if (!KIND_NAMES.includes(kindName)) {
    console.error(say.kind(given));
    return 2;
  }
  const slug = slugify(name);
  if (!slug) {
    console.error(say.noSlug(name));
    return 2;
  }
  const model = readEntryModel();
  const kind = model.kind(kindName);
  const dataDir = path.resolve((values.data as string | undefined) ?? process.env.DATA_DIR ?? path.join(PROJECT_ROOT, 'data'));
  const absolute = path.join(dataDir, kind.folder, `${slug}.ttl`);
  const file = toDisplayPath(absolute);
  if (existsSync(absolute)) {
    console.error(say.exists(file));
    return 1;
  }
  await mkdir(path.dirname(absolute), { recursive: true });
  await writeFile(absolute, skeleton({ model, kind, name, slug, file, lang }), { flag: 'wx' });
  console.log(`${say.created(file)}\n\n${say.next(file, slug)}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
