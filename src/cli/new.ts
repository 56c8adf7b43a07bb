// **new** starts an entry: `npm run new -- organisation "La Quadrature du Net"` (or commons, service, project).
// Writes data/<folder>/<slug>.ttl from the shapes (see src/contribute/skeleton.ts) and prints the next steps.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataDirFrom } from '../config.js';
import { KIND_NAMES, readEntryModel, type KindName } from '../contribute/entry-model.js';
import { skeleton } from '../contribute/skeleton.js';
import { toDisplayPath } from '../graph/sources.js';
import { slugify } from '../validate/slug.js';
import { recoverNpmFlags } from './npm-args.js';
import { runCli, type CliArgs } from './run-cli.js';

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

const OPTIONS = { lang: { type: 'string' }, data: { type: 'string' } } as const;

async function main({ values, positionals, lang }: CliArgs<typeof OPTIONS>): Promise<number> {
  const say = TEXT[lang];
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
  const dataDir = path.resolve(dataDirFrom(values.data));
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

await runCli({
  options: OPTIONS,
  usage: (lang) => TEXT[lang].usage,
  // `npm run new organisation "X" --lang fr` without `--`: the name is the second positional, so only a
  // trailing fr/en beyond the first two is taken for the language.
  recover: (positionals, values) => {
    const recovered = positionals.length > 2
      ? recoverNpmFlags(positionals.slice(2), values, [{ name: 'lang', accepts: (v) => v === 'fr' || v === 'en' }])
      : { positionals: [], values };
    return { positionals: [...positionals.slice(0, 2), ...recovered.positionals], values: recovered.values };
  },
  main,
});
