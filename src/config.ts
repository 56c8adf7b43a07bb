// **config** reads command-line options and environment variables once, validates them, and freezes the result.
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BASE_IRI } from './rdf/namespaces.js';
import type { ExternalEngineConfig } from './sparql/external.js';

/** The repository root, where the bundled ontology/, data/ and views/ live (this file is src/config.ts or dist/src/config.js). */
export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(dir: string): string {
  return path.basename(dir) === 'src' && path.basename(path.dirname(dir)) === 'dist'
    ? path.resolve(dir, '../..')
    : path.resolve(dir, '..');
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  ontologyDir: string;
  viewsDir: string;
  baseIri: string;
  strict: boolean;
  /** Prefix of "edit this entry" links, to which a file's repository path is appended; unset: the path only. */
  editBaseUrl?: string;
  /** Reload when a file under data/ or ontology/ changes, and show a failed reload on every page (local use). */
  watch: boolean;
  /** The data's repository on its forge, for the contribution form's prefilled "create this file" link. */
  repositoryUrl?: string;
  /**
   * List pages load /assets/search.js and name their prebuilt index (src/directory/search-static.ts): set by
   * npm run build:static for the static copy, never by the live server, which sends no script.
   */
  staticSearch?: boolean;
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For), in Express's terms: false (none,
   * the default), a number of hops, or addresses and subnets. Per-client SPARQL limits key on that address.
   */
  trustProxy: false | number | string;
  sparql: SparqlConfig;
}

export interface SparqlConfig {
  /** Hard time limit of one query. */
  timeoutMs: number;
  /** Query worker threads. */
  workers: number;
  /** Rows or triples in one answer at most; a cut answer says so in a header. */
  maxResults: number;
  /** Queries running or waiting at once for one client. */
  maxPerClient: number;
  /** SERVICE endpoints a query may call; none by default, so no query makes this server fetch anything. */
  allowedServices: readonly string[];
  /** Start every query worker at once rather than on demand (tests set it; no option). */
  prestartWorkers?: boolean;
  /** Answer through an external SPARQL 1.1 engine instead of the in-process workers (external.ts). */
  engine?: ExternalEngineConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A base IRI ends with "/" so that id/… and ns# can be appended to it. */
export function checkBaseIri(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`base IRI "${value}" is not an absolute IRI (expected e.g. ${DEFAULT_BASE_IRI})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`base IRI "${value}" must use http or https`);
  if (url.search || url.hash) throw new ConfigError(`base IRI "${value}" must not have a query or a fragment`);
  return value.endsWith('/') ? value : `${value}/`;
}

export function checkPort(value: string | number): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`port "${value}" is not a number from 0 to 65535`);
  return port;
}

/** An edit link prefix is an http(s) URL; it ends with "/" so that data/commons/x.ttl can be appended. */
/** `value` as an absolute http(s) URL, or a ConfigError naming the setting (`what`) and an example. */
function httpUrl(value: string, what: string, example: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${what} "${value}" is not an absolute URL (expected e.g. ${example})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${what} "${value}" must use http or https`);
  return url;
}

export function checkEditBaseUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  httpUrl(value, 'edit base URL', 'https://github.com/ORG/REPO/edit/main/');
  return value.endsWith('/') ? value : `${value}/`;
}

/** A repository URL is the http(s) page of the repository on its forge, e.g. https://github.com/ORG/REPO. */
export function checkRepositoryUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const url = httpUrl(value, 'repository URL', 'https://github.com/ORG/REPO');
  if (url.search || url.hash || url.pathname.split('/').filter(Boolean).length < 2) throw new ConfigError(`repository URL "${value}" must be the repository's page, e.g. https://github.com/ORG/REPO`);
  return value.replace(/\/+$/, '');
}

export interface ConfigInput {
  port?: string;
  host?: string;
  data?: string;
  baseIri?: string;
  strict?: boolean;
  editBaseUrl?: string;
  watch?: boolean;
  repositoryUrl?: string;
  sparqlTimeout?: string;
  sparqlWorkers?: string;
  sparqlMaxResults?: string;
  sparqlAllowService?: string;
  trustProxy?: string;
  sparqlEngine?: string;
  graphStore?: string;
}

function checkPositive(name: string, value: string | number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new ConfigError(`${name} "${value}" is not a whole number from 1 to ${max}`);
  return n;
}

/** Allow-listed SERVICE endpoints: absolute http(s) IRIs, comma-separated. */
export function checkServices(value: string | undefined): string[] {
  const services = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const service of services) {
    if (!/^https?:\/\/[^\s]+$/.test(service)) throw new ConfigError(`SPARQL service "${service}" is not an absolute http(s) IRI`);
  }
  return services;
}

function sparqlConfig(input: ConfigInput, env: NodeJS.ProcessEnv): SparqlConfig {
  // One more worker than cores: the main thread mostly waits, and a spare worker keeps cheap queries moving.
  const workers = checkPositive('SPARQL workers', input.sparqlWorkers ?? env.SPARQL_WORKERS ?? Math.min(8, availableParallelism() + 1), 64);
  return Object.freeze({
    timeoutMs: Math.round(checkPositive('SPARQL timeout (seconds)', input.sparqlTimeout ?? env.SPARQL_TIMEOUT ?? 10, 3600) * 1000),
    workers,
    maxResults: checkPositive('SPARQL result limit', input.sparqlMaxResults ?? env.SPARQL_MAX_RESULTS ?? 10_000),
    // One client can never hold every worker: whatever it sends, others still get one.
    maxPerClient: Math.max(1, workers - 1),
    allowedServices: Object.freeze(checkServices(input.sparqlAllowService ?? env.SPARQL_ALLOW_SERVICE)),
    engine: engineConfig(input, env),
  });
}

function checkEndpoint(name: string, value: string): string {
  if (!/^https?:\/\/[^\s]+$/.test(value)) throw new ConfigError(`${name} "${value}" is not an absolute http(s) URL`);
  return value;
}

/** --sparql-engine and --graph-store go together: the engine is loaded through its graph store. */
function engineConfig(input: ConfigInput, env: NodeJS.ProcessEnv): ExternalEngineConfig | undefined {
  const queryUrl = input.sparqlEngine ?? env.SPARQL_ENGINE;
  const storeUrl = input.graphStore ?? env.GRAPH_STORE;
  if (!queryUrl && !storeUrl) return undefined;
  if (!queryUrl || !storeUrl) {
    throw new ConfigError('--sparql-engine (SPARQL_ENGINE) and --graph-store (GRAPH_STORE) go together: the server loads the files into the engine through its Graph Store Protocol endpoint, e.g. --sparql-engine http://127.0.0.1:8890/sparql --graph-store http://127.0.0.1:8890/sparql-graph-crud-auth');
  }
  return Object.freeze({
    queryUrl: checkEndpoint('SPARQL engine', queryUrl),
    storeUrl: checkEndpoint('graph store', storeUrl),
    user: env.SPARQL_ENGINE_USER || undefined,
    password: env.SPARQL_ENGINE_PASSWORD || undefined,
  });
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * --trust-proxy: "true" believes the nearest proxy only (one hop), a number that many hops, otherwise
 * comma-separated addresses, subnets (10.0.0.0/8) or loopback, linklocal, uniquelocal.
 */
export function checkTrustProxy(value: string | undefined): false | number | string {
  const text = (value ?? '').trim().toLowerCase();
  if (!text || text === 'false' || text === 'no' || text === '0') return false;
  if (text === 'true' || text === 'yes') return 1;
  if (/^\d+$/.test(text)) return checkPositive('trust-proxy hop count', text, 100);
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    const [address, bits, extra] = item.split('/');
    const ok = PROXY_NAMES.has(item) || (isIP(address) > 0 && extra === undefined && (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (isIP(address) === 4 ? 32 : 128))));
    if (!ok) throw new ConfigError(`trust-proxy "${item}" is not an address, a subnet (10.0.0.0/8), loopback, linklocal or uniquelocal; use true for one proxy, or a number of hops`);
  }
  return items.join(',');
}

/** The data folder: the option, else DATA_DIR, else the bundled data/; left unresolved, as the user wrote it. */
export function dataDirFrom(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option ?? env.DATA_DIR ?? path.join(PROJECT_ROOT, 'data');
}

/** The base IRI: the option, else BASE_IRI, else the project's own. */
export function baseIriFrom(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return checkBaseIri(option ?? env.BASE_IRI ?? DEFAULT_BASE_IRI);
}

/** Options win over environment variables (PORT, HOST, DATA_DIR, BASE_IRI, EDIT_BASE_URL), which win over defaults. */
export function createConfig(input: ConfigInput = {}, env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  return Object.freeze({
    port: checkPort(input.port ?? env.PORT ?? 3000),
    host: input.host ?? env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(dataDirFrom(input.data, env)),
    ontologyDir: path.join(PROJECT_ROOT, 'ontology'),
    viewsDir: path.join(PROJECT_ROOT, 'views'),
    baseIri: baseIriFrom(input.baseIri, env),
    strict: input.strict ?? true,
    editBaseUrl: checkEditBaseUrl(input.editBaseUrl ?? env.EDIT_BASE_URL),
    watch: input.watch ?? false,
    repositoryUrl: checkRepositoryUrl(input.repositoryUrl ?? env.REPOSITORY_URL),
    trustProxy: checkTrustProxy(input.trustProxy ?? env.TRUST_PROXY),
    sparql: sparqlConfig(input, env),
  });
}
