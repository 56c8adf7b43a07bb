// **validate** is the contributors' checker: `npm run validate [paths…]`.
// Prints one finding per line (file:line:column severity: message — hint) and exits 1 on any error.
import { baseIriFrom, ConfigError, dataDirFrom } from '../config.js';
import { runValidate } from '../validate/run-validate.js';
import { isError } from '../validate/finding.js';
import { formatFindings, OUTPUT_FORMATS, type OutputFormat } from '../validate/format.js';
import { summaryLine, type Lang } from '../validate/messages.js';
import { markdownSummary } from '../validate/summary.js';
import { recoverNpmFlags } from './npm-args.js';
import { runCli, type CliArgs } from './run-cli.js';
import { appendFile } from 'node:fs/promises';

const USAGE: Record<Lang, string> = {
  en: `usage: npm run validate [paths…] [--format text|json|github|gitlab] [--lang fr|en] [--data DIR] [--base-iri IRI] [--summary FILE]

Checks the Turtle files of the directory: syntax, SHACL shapes (ontology/shapes.ttl), links between
entries, file paths and the uc: vocabulary. With paths, reports only on those files or folders; a
path outside the data folder is checked as its own dataset (<dataset>/<kind>/<slug>.ttl).
--format github writes GitHub Actions annotations; --format gitlab a GitLab Code Quality report (JSON).
--summary FILE appends what to fix, in French and English, as Markdown (e.g. to $GITHUB_STEP_SUMMARY).
Exit code: 0 when there is no error (warnings allowed), 1 on any error, 2 on a usage error.`,
  fr: `usage : npm run validate [chemins…] [--format text|json|github|gitlab] [--lang fr|en] [--data DOSSIER] [--base-iri IRI] [--summary FICHIER]

Vérifie les fichiers Turtle de l'annuaire : syntaxe, formes SHACL (ontology/shapes.ttl), liens entre
fiches, chemins des fichiers et vocabulaire uc:. Avec des chemins, ne rend compte que de ces fichiers ou
dossiers ; un chemin hors du dossier de données est vérifié comme un jeu de données à part.
--format github écrit des annotations GitHub Actions ; --format gitlab un rapport Code Quality GitLab (JSON).
--summary FICHIER y ajoute ce qu'il faut corriger, en français et en anglais, en Markdown (p. ex. $GITHUB_STEP_SUMMARY).
Code de sortie : 0 sans erreur (avertissements permis), 1 s'il y a une erreur, 2 pour une erreur d'usage.`,
};

const LANGS = ['fr', 'en'];

const OPTIONS = {
  format: { type: 'string' },
  lang: { type: 'string' },
  data: { type: 'string' },
  'base-iri': { type: 'string' },
  summary: { type: 'string' },
} as const;

async function main({ values, positionals, lang }: CliArgs<typeof OPTIONS>): Promise<number> {
  if (values.lang !== undefined && !LANGS.includes(values.lang)) {
    console.error(lang === 'fr' ? `--lang « ${values.lang} » inconnu : utilisez fr ou en` : `unknown --lang "${values.lang}": use fr or en`);
    return 2;
  }
  const format = (values.format ?? 'text') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) {
    const formats = OUTPUT_FORMATS.join(', ');
    console.error(`${lang === 'fr' ? `--format « ${values.format} » inconnu : utilisez ${formats}` : `unknown --format "${values.format}": use ${formats}`}\n\n${USAGE[lang]}`);
    return 2;
  }
  const options = {
    paths: positionals,
    dataDir: dataDirFrom(values.data),
    baseIri: baseIriFrom(values['base-iri']),
  };
  const run = await runValidate({ ...options, lang });
  if (values.summary) {
    // Messages are written in one language at check time: the other language is a second run.
    const other = await runValidate({ ...options, lang: lang === 'fr' ? 'en' : 'fr' });
    const byLang = lang === 'fr' ? { fr: run.findings, en: other.findings } : { fr: other.findings, en: run.findings };
    await appendFile(values.summary, markdownSummary(byLang, run.files));
  }
  const output = formatFindings(run.findings, format, lang);
  if (output) console.log(output);
  const errors = run.findings.filter(isError).length;
  console.error(summaryLine(lang, run.files, errors, run.findings.length - errors));
  return errors ? 1 : 0;
}

await runCli({
  options: OPTIONS,
  usage: (lang) => USAGE[lang],
  recover: (positionals, values) => recoverNpmFlags(positionals, values, [
    { name: 'lang', accepts: (v) => LANGS.includes(v) },
    { name: 'format', accepts: (v) => (OUTPUT_FORMATS as readonly string[]).includes(v) },
    { name: 'base-iri', accepts: (v) => /^https?:\/\//.test(v) },
  ]),
  // A base IRI that is not one is a mistyped option, as a bad --format is.
  userErrors: [ConfigError],
  userErrorCode: 2,
  main,
});
