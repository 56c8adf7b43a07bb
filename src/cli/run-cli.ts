// **run-cli** is what the contributors' command-line programs (import, export, link-wikidata, check-links,
// validate, new) do alike around their own work, so that they answer a mistyped flag, --help and an error the
// user can fix in one way: a usage error exits 2 with the usage, an expected error prints its message alone.
// serve and build-static stop on any error with exit 1, as a server's supervisor expects: they do not use it.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { langFrom, type Lang } from '../validate/messages.js';

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
type Values<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O & typeof HELP }>>['values'];

export interface CliArgs<O extends ParseArgsOptionsConfig> {
  values: Values<O>;
  positionals: string[];
  /** --lang when it is fr or en, else the language of the environment (LC_ALL, LC_MESSAGES, LANG). */
  lang: Lang;
}

export interface Cli<O extends ParseArgsOptionsConfig> {
  /** The program's options; -h/--help is added. */
  options: O;
  usage: (lang: Lang) => string;
  /** Gives back the flags npm took for itself (see npm-args.ts), before --help and --lang are read. */
  recover?: (positionals: string[], values: Record<string, unknown>) => { positionals: string[]; values: Record<string, unknown> };
  /** Errors the user can fix from their message alone: no stack trace, this exit code (default 1). */
  userErrors?: readonly (abstract new (...args: never[]) => Error)[];
  userErrorCode?: number;
  main: (args: CliArgs<O>) => Promise<number>;
}

/** Runs the program on this process's arguments and sets its exit code; any other error is thrown as before. */
export async function runCli<const O extends ParseArgsOptionsConfig>(cli: Cli<O>, argv = process.argv.slice(2)): Promise<void> {
  process.exitCode = await exitCode(cli, argv);
}

async function exitCode<O extends ParseArgsOptionsConfig>(cli: Cli<O>, argv: string[]): Promise<number> {
  const envLang = langFrom(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...cli.options, ...HELP } });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${cli.usage(envLang)}`);
    return 2;
  }
  const recovered = cli.recover?.(parsed.positionals, parsed.values) ?? parsed;
  const { lang: given, help } = recovered.values as Record<string, unknown>;
  const lang: Lang = given === 'fr' || given === 'en' ? given : envLang;
  if (help) {
    console.log(cli.usage(lang));
    return 0;
  }
  // recover only moves a stray positional into a string option that was not given: the types still hold.
  const values = recovered.values as Values<O>;
  try {
    return await cli.main({ values, positionals: recovered.positionals, lang });
  } catch (error) {
    if (!cli.userErrors?.some((type) => error instanceof type)) throw error;
    console.error((error as Error).message);
    return cli.userErrorCode ?? 1;
  }
}
