// **history** reads when each data file was added, changed and removed from the git history of the data
// folder, in one `git log` pass whatever the number of files. A folder that is not a git checkout has no
// history: entries then carry no date at all, since a file's modification time is arbitrary after a clone.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { readFile } from 'node:fs/promises';

const execFileAsync = promisify(execFile);

export type ChangeType = 'Create' | 'Update' | 'Delete';

/** One file's change in one commit, as ActivityStreams names it. */
export interface FileChange {
  type: ChangeType;
  /** Path inside the data folder, with forward slashes (e.g. commons/decidim.ttl). */
  relative: string;
  commit: string;
  /** Committer date: when the change landed in the history that is served. */
  date: Date;
}

export interface FileDates {
  /** The commit that added the file, unless the history does not reach it (shallow clone). */
  created?: Date;
  /** The last commit that changed it, unless the file has changes not yet committed. */
  modified?: Date;
}

export interface History {
  /** Changes to .ttl files, newest first (the order of `git log`). */
  readonly changes: readonly FileChange[];
  /** Dates of the files present in the last commit, by path inside the data folder. */
  readonly files: ReadonlyMap<string, FileDates>;
  /** The date of the newest commit that touched the data folder. */
  readonly lastCommitDate?: Date;
}

const STATUS: Record<string, ChangeType> = { A: 'Create', M: 'Update', T: 'Update', D: 'Delete' };

async function git(dir: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', ['-C', dir, ...args], { maxBuffer: 1 << 30, encoding: 'utf8' });
  return stdout;
}

/**
 * Parses `git log --format=%x1e%H %cI --name-status --no-renames -z`: one record per commit, a header
 * line then NUL-separated status and path pairs.
 */
export function parseGitLog(output: string): FileChange[] {
  const changes: FileChange[] = [];
  for (const record of output.split('\x1e')) {
    if (!record) continue;
    const headerEnd = record.indexOf('\0');
    const [commit, iso] = (headerEnd < 0 ? record : record.slice(0, headerEnd)).trim().split(' ');
    const date = new Date(iso);
    const fields = headerEnd < 0 ? [] : record.slice(headerEnd + 1).replace(/^\n/, '').split('\0');
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const type = STATUS[fields[i].charAt(0)];
      const relative = fields[i + 1];
      if (type && relative.endsWith('.ttl')) changes.push({ type, relative, commit, date });
    }
  }
  return changes;
}

/**
 * Dates per file from its changes (newest first). A file removed and added again counts from its new
 * addition. Changes made by a shallow clone's boundary commit are not trusted: there git shows every file
 * as added, whenever it really was.
 */
export function datesOf(changes: readonly FileChange[], boundary: ReadonlySet<string> = new Set()): Map<string, FileDates> {
  const files = new Map<string, FileDates & { settled?: boolean; gone?: boolean }>();
  for (const change of changes) {
    const trusted = !boundary.has(change.commit);
    let dates = files.get(change.relative);
    if (!dates) {
      // Its newest change: a removal means the file is not in the last commit.
      files.set(change.relative, (dates = change.type === 'Delete' ? { settled: true, gone: true } : {}));
      if (trusted && change.type !== 'Delete') dates.modified = change.date;
    }
    if (dates.settled) continue;
    if (change.type === 'Create') {
      if (trusted) dates.created = change.date;
      dates.settled = true;
    } else if (!trusted) {
      dates.settled = true;
    }
  }
  const out = new Map<string, FileDates>();
  for (const [relative, { created, modified, gone }] of files) if (!gone) out.set(relative, { ...(created && { created }), ...(modified && { modified }) });
  return out;
}

/**
 * The history of `dataDir`, or undefined when it is not inside a git work tree (or git is missing).
 * Files with uncommitted changes keep their creation date but lose their modification date.
 */
export async function readHistory(dataDir: string): Promise<History | undefined> {
  const dir = path.resolve(dataDir);
  try {
    if ((await git(dir, ['rev-parse', '--is-inside-work-tree'])).trim() !== 'true') return undefined;
  } catch {
    return undefined;
  }
  const [log, status, shallow] = await Promise.all([
    git(dir, ['-c', 'core.quotePath=false', 'log', '--relative', '--format=%x1e%H %cI', '--name-status', '--no-renames', '-z', '--', '.']),
    // Porcelain status paths are relative to the top of the work tree, whatever the folder.
    Promise.all([git(dir, ['rev-parse', '--show-prefix']), git(dir, ['status', '--porcelain', '-z', '--untracked-files=no', '--', '.'])])
      .then(([prefix, out]) => dirtyPaths(out).filter((p) => p.startsWith(prefix.trim())).map((p) => p.slice(prefix.trim().length)))
      .catch(() => [] as string[]),
    git(dir, ['rev-parse', '--git-path', 'shallow']).then((file) => readFile(path.resolve(dir, file.trim()), 'utf8').catch(() => '')),
  ]);
  const changes = parseGitLog(log);
  const boundary = new Set(shallow.split('\n').map((l) => l.trim()).filter(Boolean));
  const files = datesOf(changes, boundary);
  for (const relative of status) {
    const dates = files.get(relative);
    if (dates) files.set(relative, dates.created ? { created: dates.created } : {});
  }
  return Object.freeze({ changes: Object.freeze(changes), files, lastCommitDate: changes[0]?.date });
}

/** Paths of `git status --porcelain -z --relative`: "XY path\0", renames followed by their old path. */
function dirtyPaths(status: string): string[] {
  const paths: string[] = [];
  const fields = status.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    if (field.length < 4) continue;
    paths.push(field.slice(3));
    if (field[0] === 'R' || field[0] === 'C') i++;
  }
  return paths;
}
