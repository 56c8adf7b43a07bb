// **run-validate** checks the datasets that a list of paths belongs to and keeps the findings about those paths.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, PROJECT_ROOT } from '../config.js';
import { checkDataset } from './check-dataset.js';
import { ENTRY_KINDS } from './directory-rules.js';
import type { Finding } from './finding.js';
import { say, type Lang } from './messages.js';

export interface ValidateRun {
  findings: Finding[];
  files: number;
}

/** The dataset a path outside the data folder belongs to: <dataset>/<kind>/<slug>.ttl. */
function datasetRoot(p: string): string {
  if (!statSync(p).isDirectory()) return path.dirname(path.dirname(p));
  return ENTRY_KINDS[path.basename(p)] ? path.dirname(p) : p;
}

/** Groups the requested paths by the dataset folder they belong to. */
function datasetsFor(paths: string[], dataDir: string, cwd: string, lang: Lang): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  const add = (root: string, p: string) => groups.set(root, [...(groups.get(root) ?? []), p]);
  if (!paths.length) add(dataDir, dataDir);
  for (const given of paths) {
    const p = path.resolve(cwd, given);
    if (!existsSync(p)) {
      const said = say(lang, 'no-such-path', { path: given });
      throw new ConfigError(process.env.npm_lifecycle_event ? `${said.message} ${said.hint}` : said.message);
    }
    const inside = (root: string) => p === root || p.startsWith(root + path.sep);
    if (inside(dataDir) || inside(path.join(PROJECT_ROOT, 'ontology'))) add(dataDir, p);
    else add(datasetRoot(p), p);
  }
  return groups;
}

export async function runValidate(options: {
  paths: string[];
  dataDir: string;
  baseIri: string;
  lang: Lang;
  cwd?: string;
}): Promise<ValidateRun> {
  const cwd = options.cwd ?? process.cwd();
  const findings: Finding[] = [];
  let files = 0;
  for (const [dataDir, selected] of datasetsFor(options.paths, path.resolve(cwd, options.dataDir), cwd, options.lang)) {
    const checked = await checkDataset({ ontologyDir: path.join(PROJECT_ROOT, 'ontology'), dataDir, baseIri: options.baseIri, lang: options.lang, cwd });
    const wanted = (f: Finding) => {
      // A syntax error anywhere blocks every other check, so it is always shown.
      if (f.code === 'syntax' || f.code === 'unknown-prefix' || f.code === 'encoding') return true;
      const file = path.resolve(cwd, f.location.file);
      return selected.some((s) => file === s || file.startsWith(s + path.sep));
    };
    files += checked.sources.filter((s) => selected.some((p) => s.absolute === p || s.absolute.startsWith(p + path.sep))).length;
    findings.push(...checked.findings.filter(wanted));
  }
  return { findings, files };
}

