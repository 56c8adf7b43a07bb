// Runs the project's command-line programs as a user would, through tsx, and collects what they print.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../helpers.js';

export function cli(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli', script), ...args], {
    cwd: ROOT,
    env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '' },
  });
}

export function run(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = cli(script, args);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Resolves with the first match of `pattern` in the child's output. */
export function waitFor(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk;
      const match = pattern.exec(seen);
      if (match) resolve(match);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('close', (code) => reject(new Error(`exited with ${code} before printing ${pattern}:\n${seen}`)));
  });
}

/** Runs `npm run …` exactly as a contributor types it, from the project folder, in the C locale. */
export function npmRun(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('npm', ['run', ...args], { cwd: ROOT, env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
