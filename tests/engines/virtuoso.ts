// Starts a real Virtuoso 7.2 (Debian's virtuoso-opensource) for a test: a fresh database in a temporary
// folder, on free ports, stopped and removed afterwards. CI installs it (.ci/run).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const VIRTUOSO = '/usr/bin/virtuoso-t';
/** Virtuoso's SQL client, from the same Debian package. */
const ISQL = '/usr/bin/isql-vt';

export interface RunningVirtuoso {
  queryUrl: string;
  /** The Graph Store endpoint that wants credentials (HTTP Digest). */
  storeUrl: string;
  user: string;
  password: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface VirtuosoOptions {
  /** Page buffers (8 KB each): the default suits the tests' few thousand triples; a benchmark at 1M wants more. */
  buffers?: number;
  /** [SPARQL] MaxQueryExecutionTime, seconds: past it Virtuoso cuts the answer ("anytime"). */
  maxQuerySeconds?: number;
}

export async function startVirtuoso(options: VirtuosoOptions = {}): Promise<RunningVirtuoso> {
  const buffers = options.buffers ?? 10_000;
  if (!existsSync(VIRTUOSO)) throw new Error(`${VIRTUOSO} is missing: install the Debian package virtuoso-opensource (.ci/run does)`);
  const dir = await mkdtemp(path.join(tmpdir(), 'uc-virtuoso-'));
  const [sqlPort, httpPort] = [await freePort(), await freePort()];
  await writeFile(path.join(dir, 'virtuoso.ini'), `[Database]
DatabaseFile = ${dir}/virtuoso.db
ErrorLogFile = ${dir}/virtuoso.log
LockFile = ${dir}/virtuoso.lck
TransactionFile = ${dir}/virtuoso.trx
xa_persistent_file = ${dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = ${dir}/virtuoso-temp.db
TransactionFile = ${dir}/virtuoso-temp.trx
[Parameters]
ServerPort = ${sqlPort}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., ${dir}
NumberOfBuffers = ${buffers}
MaxDirtyBuffers = ${Math.round(buffers * 0.6)}
ThreadsPerQuery = 2
MaxQueryMem = 256M
[HTTPServer]
ServerPort = ${httpPort}
ServerRoot = ${dir}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = ${options.maxQuerySeconds ?? 20}
`);
  const child: ChildProcess = spawn(VIRTUOSO, ['-f', '-c', path.join(dir, 'virtuoso.ini')], { cwd: dir, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${httpPort}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    // Virtuoso checkpoints on SIGTERM; a stuck one is killed.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
    await rm(dir, { recursive: true, force: true });
  };
  // A fresh database takes a while to create (a minute on a busy machine): wait for the endpoint to answer.
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) {
      const log = await readFile(path.join(dir, 'virtuoso.log'), 'utf8').catch(() => '');
      await stop();
      throw new Error(`Virtuoso exited while starting:\n${log.slice(-2000)}`);
    }
    const ok = await fetch(`${base}/sparql?query=${encodeURIComponent('ASK {}')}`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 600) {
      await stop();
      throw new Error('Virtuoso did not answer within 5 minutes');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  // SERVICE is off for Virtuoso's anonymous SPARQL account until granted, as a deployer who allow-lists
  // endpoints (--sparql-allow-service) does: this server checks the allow-list before forwarding.
  execFileSync(ISQL, [String(sqlPort), 'dba', 'dba', 'exec=GRANT SELECT ON DB.DBA.SPARQL_SINV_2 TO "SPARQL"; GRANT EXECUTE ON DB.DBA.SPARQL_SINV_IMP TO "SPARQL";'], { stdio: 'ignore' });
  return { queryUrl: `${base}/sparql`, storeUrl: `${base}/sparql-graph-crud-auth`, user: 'dba', password: 'dba', stop };
}
