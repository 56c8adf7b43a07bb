// **validate** is the contributors' checker: `npm run validate [paths…]`.
// Prints one finding per line (file:line:column severity: message — hint) and exits 1 on any error.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkBaseIri, ConfigError, PROJECT_ROOT } from '../config.js';
import { DEFAULT_BASE_IRI } from '../rdf/namespaces.js';
import { runValidate } from '../validate/run-validate.js';
import { isError } from '../validate/finding.js';
import { formatFindings, OUTPUT_FORMATS, type OutputFormat } from '../validate/format.js';
import { langFrom, type Lang } from '../validate/messages.js';

const USAGE = `usage: npm run validate -- [paths…] [--format text|json|github] [--lang fr|en] [--data DIR] [--base-iri IRI]

Checks the Turtle files of the directory: syntax, SHACL shapes (ontology/shapes.ttl), links between
entries, file paths and the uc: vocabulary. With paths, reports only on those files or folders; a
path outside the data folder is checked as its own dataset (<dataset>/<kind>/<slug>.ttl).
Exit code: 0 when there is no error (warnings allowed), 1 on any error, 2 on a usage error.`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        lang: { type: 'string' },
        data: { type: 'string' },
        'base-iri': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const format = values.format as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) {
    console.error(`unknown --format "${values.format}": use text, json or github\n\n${USAGE}`);
    return 2;
  }
  if (values.lang && values.lang !== 'fr' && values.lang !== 'en') {
    console.error(`unknown --lang "${values.lang}": use fr or en`);
    return 2;
  }
  try {
    const run = await runValidate({
      paths: positionals,
      dataDir: values.data ?? process.env.DATA_DIR ?? path.join(PROJECT_ROOT, 'data'),
      baseIri: checkBaseIri(values['base-iri'] ?? process.env.BASE_IRI ?? DEFAULT_BASE_IRI),
      lang: (values.lang as Lang | undefined) ?? langFrom(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG),
    });
    const output = formatFindings(run.findings, format);
    if (output && output !== '[]') console.log(output);
    else if (format === 'json') console.log('[]');
    const errors = run.findings.filter(isError).length;
    const warnings = run.findings.length - errors;
    console.error(`${run.files} file${run.files === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
    return errors ? 1 : 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
