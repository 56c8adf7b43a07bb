// **write** turns an importer's drafts into files of the directory, but only after the real validator has
// checked them against the rest of the data, in a scratch copy: an import either lands valid or is reported
// with the same findings a hand-written entry would get (or is written as a draft when asked to).
import { cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkDataset } from '../validate/check-dataset.js';
import { isError, type Finding } from '../validate/finding.js';
import type { Lang } from '../validate/messages.js';
import { toTurtle, type Draft } from './draft.js';

export interface PlannedFile {
  draft: Draft;
  /** Path inside the data folder: <kind>/<slug>.ttl */
  relative: string;
  turtle: string;
}

export interface WriteResult {
  files: PlannedFile[];
  /** The validator's findings about the planned files, with paths as they will be in the data folder. */
  findings: Finding[];
  written: boolean;
}

export interface WriteOptions {
  dataDir: string;
  ontologyDir: string;
  baseIri: string;
  lang: Lang;
  /** Write even when the validator finds errors, for a person to complete (organisation skeletons…). */
  draft?: boolean;
  /** Only report; write nothing. */
  dryRun?: boolean;
  /** Replace files that already exist. */
  force?: boolean;
  cwd?: string;
}

export class ExistingEntryError extends Error {}

export function plan(drafts: Draft[], baseIri: string): PlannedFile[] {
  return drafts.map((draft) => ({ draft, relative: `${draft.kind}/${draft.slug}.ttl`, turtle: toTurtle(draft, baseIri) }));
}

export async function validateAndWrite(files: PlannedFile[], options: WriteOptions): Promise<WriteResult> {
  const cwd = options.cwd ?? process.cwd();
  const dataDir = path.resolve(cwd, options.dataDir);
  for (const f of files) {
    if (!options.force && existsSync(path.join(dataDir, f.relative))) {
      throw new ExistingEntryError(`${path.join(options.dataDir, f.relative)} already exists: choose another slug (--slug) or replace it (--force)`);
    }
  }
  const scratch = await mkdtemp(path.join(tmpdir(), 'uc-import-'));
  try {
    if (existsSync(dataDir)) await cp(dataDir, scratch, { recursive: true });
    for (const f of files) {
      await mkdir(path.join(scratch, path.dirname(f.relative)), { recursive: true });
      await writeFile(path.join(scratch, f.relative), f.turtle);
    }
    const checked = await checkDataset({ ontologyDir: options.ontologyDir, dataDir: scratch, baseIri: options.baseIri, lang: options.lang, cwd: scratch });
    const planned = new Set(files.map((f) => f.relative));
    const shown = path.relative(cwd, dataDir).split(path.sep).join('/') || '.';
    // Findings name scratch paths relative to the scratch folder: show them where the files will be.
    const findings = checked.findings
      .filter((f) => planned.has(f.location.file) || f.code === 'syntax')
      .map((f) => ({ ...f, location: { ...f.location, file: `${shown}/${f.location.file}` } }));
    const ok = !findings.some(isError);
    const written = !options.dryRun && (ok || !!options.draft);
    if (written) {
      for (const f of files) {
        await mkdir(path.join(dataDir, path.dirname(f.relative)), { recursive: true });
        await writeFile(path.join(dataDir, f.relative), f.turtle);
      }
    }
    return { files, findings, written };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
