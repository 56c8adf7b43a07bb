// A real nginx for a test (CI installs nginx-light): its own temporary folder for config, pid, logs and
// temporary files, so that it needs no root and leaves nothing behind; stopped and removed afterwards.
// untilListening and stopServer serve any server the tests start as a child process (Apache too).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const NGINX = '/usr/sbin/nginx';

export interface RunningNginx {
  origin: string;
  stop(): Promise<void>;
}

/** Starts nginx with `http` as the body of its http block, which must listen on 127.0.0.1:`port`. */
export async function startNginx(port: number, http: string[]): Promise<RunningNginx> {
  const dir = await mkdtemp(path.join(tmpdir(), 'uc-nginx-'));
  // nginx's workers may run as another user: the folder must be readable by them.
  await chmod(dir, 0o755);
  await writeFile(path.join(dir, 'nginx.conf'), [
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log;`,
    'worker_processes 1;',
    'events { worker_connections 256; }',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
    ...http.map((line) => `  ${line}`),
    '}',
    '',
  ].join('\n'));
  const child = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  const stop = async () => {
    await stopServer(child, 'SIGQUIT');
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await untilListening(port, child, path.join(dir, 'error.log'));
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin: `http://127.0.0.1:${port}`, stop };
}

/** Waits until the server accepts connections, or fails with its error log if it exits first. */
export async function untilListening(port: number, child: ChildProcess, errorLog: string): Promise<void> {
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let attempt = 0; attempt < 600; attempt++) {
    if (exited) throw new Error(`${child.spawnfile} exited: ${await readFile(errorLog, 'utf8').catch(() => '')}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(() => resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${child.spawnfile} did not listen`);
}

/** Sends the server's graceful stop signal and waits until it has exited. */
export async function stopServer(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
