// **npm-args** lets `npm run X FILE --lang fr` work as written. Without `--`, npm keeps the flags for itself:
// it drops or expands them (--format becomes --format-package-lock, --lang becomes -l -a -n -g) and passes
// only their values on, as stray positionals ("fr", "github"). Those values are told apart here by what
// they can be; `npm run X -- --lang fr` (or running the script directly) needs none of this.
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface RecoverableOption {
  name: string;
  /** Is this stray positional a value of the option? (Checked only when it is not an existing path.) */
  accepts: (value: string) => boolean;
}

/** True when npm started this script (`npm run …`), whose flags may then have been eaten. */
export function startedByNpm(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env.npm_lifecycle_event;
}

/**
 * Moves the positionals that can only be a flag's value into that flag, when npm started the script and the
 * flag was not given with `--`. A positional naming an existing file or folder stays a path.
 */
export function recoverNpmFlags(
  positionals: string[],
  values: Record<string, unknown>,
  options: RecoverableOption[],
  cwd = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): { positionals: string[]; values: Record<string, unknown> } {
  if (!startedByNpm(env)) return { positionals, values };
  const recovered = { ...values };
  const kept: string[] = [];
  for (const value of positionals) {
    const option = existsSync(path.resolve(cwd, value)) ? undefined : options.find((o) => recovered[o.name] === undefined && o.accepts(value));
    if (option) recovered[option.name] = value;
    else kept.push(value);
  }
  return { positionals: kept, values: recovered };
}
