// **check-links**: `npm run check-links -- [--concurrency N] [--timeout SECONDS] [--format text|github] [--lang fr|en]`.
// Asks every external address of the entries whether it still answers and prints the dead ones as warnings
// (file:line:column). Always exits 0 on a completed check: a site down for a day must not fail a build.
import path from 'node:path';
import { baseIriFrom, dataDirFrom, PROJECT_ROOT } from '../config.js';
import { checkLinks, type DeadLink } from '../contribute/check-links.js';
import { githubAnnotation } from '../validate/format.js';
import { severityLabel, type Lang } from '../validate/messages.js';
import { recoverNpmFlags, startedByNpm } from './npm-args.js';
import { runCli, type CliArgs } from './run-cli.js';

const TEXT: Record<Lang, {
  usage: string;
  dead: (d: DeadLink) => string;
  hint: string;
  summary: (checked: number, dead: number) => string;
}> = {
  en: {
    usage: `usage: npm run check-links -- [--concurrency N] [--timeout SECONDS] [--format text|github] [--lang fr|en] [--data DIR]

Asks every external web address of the entries (website, repository, Wikidata item…) whether it still
answers, N at a time (default 4), each within SECONDS (default 10). Dead ones are warnings with file and
line. Exit code 0 whatever it finds (2 on a usage error).`,
    dead: (d) => `<${d.url}> does not answer (${d.reason})`,
    hint: 'check the address in a browser; if the site has moved, write the new one; if it is gone, remove the line',
    summary: (checked, dead) => `${checked} address${checked === 1 ? '' : 'es'} checked: ${dead} dead`,
  },
  fr: {
    usage: `usage : npm run check-links -- [--concurrency N] [--timeout SECONDES] [--format text|github] [--lang fr|en] [--data DOSSIER]

Demande à chaque adresse web externe des fiches (site, dépôt, élément Wikidata…) si elle répond encore,
N à la fois (4 par défaut), chacune en SECONDES au plus (10 par défaut). Les mortes sont des avertissements
avec fichier et ligne. Code de sortie 0 quoi qu'il trouve (2 pour une erreur d'usage).`,
    dead: (d) => `<${d.url}> ne répond pas (${d.reason})`,
    hint: 'ouvrez l\'adresse dans un navigateur ; si le site a déménagé, écrivez la nouvelle ; s\'il a disparu, retirez la ligne',
    summary: (checked, dead) => `${checked} adresse${checked > 1 ? 's' : ''} vérifiée${checked > 1 ? 's' : ''} : ${dead} morte${dead > 1 ? 's' : ''}`,
  },
};

const OPTIONS = {
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  format: { type: 'string' },
  lang: { type: 'string' },
  data: { type: 'string' },
  'base-iri': { type: 'string' },
} as const;

async function main({ values, positionals, lang }: CliArgs<typeof OPTIONS>): Promise<number> {
  const say = TEXT[lang];
  const concurrency = Number(values.concurrency ?? 4);
  const timeout = Number(values.timeout ?? 10);
  const format = values.format ?? 'text';
  const usageError = positionals.length
    // Without `--`, npm keeps --concurrency and --timeout and passes on their numbers, in no telling order.
    ? `unexpected ${positionals.join(' ')}${startedByNpm() ? ': npm kept the flags for itself; write npm run check-links -- --concurrency N --timeout SECONDS' : ''}`
    : !Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64 ? '--concurrency: a whole number from 1 to 64'
    : !(timeout > 0 && timeout <= 300) ? '--timeout: seconds, more than 0 and at most 300'
    : format !== 'text' && format !== 'github' ? '--format: text or github'
    : undefined;
  if (usageError) {
    console.error(usageError);
    console.error(say.usage);
    return 2;
  }
  const { checked, dead } = await checkLinks({
    ontologyDir: path.join(PROJECT_ROOT, 'ontology'),
    dataDir: dataDirFrom(values.data),
    baseIri: baseIriFrom(values['base-iri']),
    concurrency,
    timeoutMs: timeout * 1000,
  });
  const lines = dead.flatMap((d) => d.locations.map((location) =>
    format === 'github'
      ? githubAnnotation('warning', location, 'dead-link', `${say.dead(d)} — ${say.hint}`)
      : `${location.file}:${location.line}:${location.column} ${severityLabel(lang, 'warning')} ${say.dead(d)} — ${say.hint}`));
  lines.sort();
  if (lines.length) console.log(lines.join('\n'));
  console.error(say.summary(checked, dead.length));
  return 0;
}

await runCli({
  options: OPTIONS,
  usage: (lang) => TEXT[lang].usage,
  recover: (positionals, values) => recoverNpmFlags(positionals, values, [
    { name: 'lang', accepts: (v) => v === 'fr' || v === 'en' },
    { name: 'format', accepts: (v) => v === 'text' || v === 'github' },
  ]),
  main,
});
