// **server** is the composition root: load the graph, build the views, wire the app, listen.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createGraphRef, type GraphRef, type PhaseReporter } from './graph/graph-ref.js';
import { createViews } from './render/views.js';
import { createApp } from './http/create-app.js';
import { createSparqlService, type SparqlService } from './sparql/service.js';
import { loadExamples } from './sparql/examples.js';
import path from 'node:path';
import type { Pages } from './directory/pages.js';
import { watchFolders } from './graph/watch.js';
import { readEntryModel } from './contribute/entry-model.js';
import { formatText } from './validate/format.js';

/** How long a stop waits for answers under way to reach their clients. */
const STOP_GRACE_MS = 3_000;

export interface RunningServer {
  server: Server;
  /** http://host:port of the listening socket. */
  url: string;
  graphRef: GraphRef;
  /** Resolves when everything computed at load is ready (the example results of /data): the static build waits for it. */
  ready(): Promise<void>;
  /** The page renderers (and the directory) of the graph being served. */
  pages(): Pages;
  close(): Promise<void>;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

/** One line per phase of a start or a reload, e.g. `start: validation 1.62 s (strict)`. */
export function phaseLogger(log: (message: string) => void): PhaseReporter {
  return (event, phase, ms, detail) => log(`${event}: ${phase} ${seconds(ms)}${detail ? ` (${detail})` : ''}`);
}

export interface ServerHooks {
  /** Told of every load, the start's and each reload's, with a promise that settles when it ends (heap-guard.ts). */
  duringLoad?: (load: Promise<unknown>) => void;
}

export async function startServer(config: Readonly<Config>, log: (message: string) => void = console.error, hooks: ServerHooks = {}): Promise<RunningServer> {
  const launched = performance.now();
  const report = phaseLogger(log);
  const graphRef = await createGraphRef({
    ontologyDir: config.ontologyDir,
    dataDir: config.dataDir,
    baseIri: config.baseIri,
    strict: config.strict,
  }, report, hooks.duringLoad);
  // The first query worker builds its graph on another core while this thread builds the views.
  const workersStarted = performance.now();
  const ready = createSparqlService(graphRef, config.sparql).then((s) => {
    // On an external engine this phase is the Graph Store load of every file, not a worker's start (the host only:
    // a graph store URL may carry an access token, as QLever's does).
    if (config.sparql.engine) report('start', 'SPARQL engine load', performance.now() - workersStarted, `every file sent to the graph store at ${new URL(config.sparql.engine.storeUrl).host}`);
    else report('start', 'SPARQL workers', performance.now() - workersStarted, `first of up to ${config.sparql.workers} ready, built in parallel with the views`);
    return s;
  });
  ready.catch(() => {});
  // The app is wired before the service is ready; the server listens only once it is.
  const service: SparqlService = {
    answer: async (request) => (await ready).answer(request),
    close: async () => (await ready).close(),
  };
  const sparql = {
    service,
    examples: await loadExamples(path.join(config.ontologyDir, 'queries')),
    maxPerClient: config.sparql.maxPerClient,
    federated: config.sparql.allowedServices.length > 0,
  };
  const viewsStarted = performance.now();
  let app;
  try {
    const views = await createViews(config.viewsDir, config.watch ? { notice: () => graphRef.lastReload()?.problem } : {});
    const contribute = { model: readEntryModel({ ontologyDir: config.ontologyDir, baseIri: config.baseIri }), repositoryUrl: config.repositoryUrl };
    app = createApp({ graphRef, views, viewsDir: config.viewsDir, editBaseUrl: config.editBaseUrl, staticSearch: config.staticSearch, sparql, contribute, trustProxy: config.trustProxy, log });
    report('start', 'views and search index', performance.now() - viewsStarted);
  } finally {
    // A failed view build must not leave worker threads holding the process open.
    await ready;
    if (!app) await service.close();
  }
  // Headers up to 128 KB: a GET query up to the 100 KB limit reaches the endpoint, which explains a refusal,
  // instead of Node's bare 431.
  const server = createServer({ maxHeaderSize: 128 * 1024 }, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  // Bounded time per request: a slow or stalled client cannot hold a socket forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  const watcher = config.watch
    ? watchFolders(graphRef, [config.dataDir, config.ontologyDir], {
        onReload: (result, changed) => log(result.ok
          ? `reloaded after a change (${changed.join(', ') || 'files'}): ${result.graph.store.size} quads from ${result.graph.sources.length} files`
          : `reload after a change failed, still serving the previous data:\n${result.error?.message ?? formatText(result.findings)}`),
      })
    : undefined;
  report('start', 'total, launch to listening', performance.now() - launched, `RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`);
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    server,
    url: `http://${host}:${port}`,
    graphRef,
    pages: () => (app.locals.pages as () => Pages)(),
    ready: async () => {
      await (app.locals.examplesReady as (() => Promise<void>) | undefined)?.();
    },
    close: async () => {
      watcher?.close();
      // No new connections; queries waiting or running are answered 503 with Retry-After (not cut), their
      // responses go out, and connections still open after a grace period are cut: a stop is bounded.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await sparql.service.close();
      // Idle keep-alive sockets would otherwise hold close() open until they time out.
      server.closeIdleConnections();
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise<void>((resolve) => (grace = setTimeout(resolve, STOP_GRACE_MS)))]);
      clearTimeout(grace);
      server.closeAllConnections();
    },
  };
}
