// A real git repository around a copy of a dataset, with commits at dates the test chooses: the history
// tests read it with the same `git log` as the server.
import { execFileSync } from 'node:child_process';
import { appendFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { copyDataset } from './helpers.js';

export interface GitDataset {
  dir: string;
  /** Commits everything in the folder at `date` (ISO 8601) and returns the commit's hash. */
  commit(message: string, date: string): string;
  append(relative: string, text: string): Promise<void>;
  remove(relative: string): Promise<void>;
  git(...args: string[]): string;
  cleanup(): Promise<void>;
}

export async function gitDataset(from: string): Promise<GitDataset> {
  const { dir, cleanup } = await copyDataset(from);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '--quiet', '--initial-branch=main');
  return {
    dir,
    git,
    commit(message, date) {
      git('add', '--all', '.');
      execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', message], {
        cwd: dir,
        env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      });
      return git('rev-parse', 'HEAD').trim();
    },
    append: (relative, text) => appendFile(path.join(dir, relative), text),
    remove: (relative) => rm(path.join(dir, relative)),
    cleanup,
  };
}
