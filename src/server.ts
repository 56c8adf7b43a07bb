// **server** is the composition root: load the graph, build the views, wire the app, listen.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createGraphRef, type GraphRef } from './graph/graph-ref.js';
import { createViews } from './render/views.js';
import { createApp } from './http/create-app.js';
import { createSparqlService } from './sparql/service.js';
import { loadExamples } from './sparql/examples.js';
import path from 'node:path';

/** How long a stop waits for answers under way to reach their clients. */
const STOP_GRACE_MS = 3_000;

export interface RunningServer {
  server: Server;
  /** http://host:port of the listening socket. */
  url: string;
  graphRef: GraphRef;
  close(): Promise<void>;
}

export async function startServer(config: Readonly<Config>, log: (message: string) => void = console.error): Promise<RunningServer> {
  const graphRef = await createGraphRef({
    ontologyDir: config.ontologyDir,
    dataDir: config.dataDir,
    baseIri: config.baseIri,
    strict: config.strict,
  });
  const views = await createViews(config.viewsDir);
  const sparql = {
    service: await createSparqlService(graphRef, config.sparql),
    examples: await loadExamples(path.join(config.ontologyDir, 'queries')),
    maxPerClient: config.sparql.maxPerClient,
    federated: config.sparql.allowedServices.length > 0,
  };
  const app = createApp({ graphRef, views, viewsDir: config.viewsDir, editBaseUrl: config.editBaseUrl, sparql, trustProxy: config.trustProxy, log });
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
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    server,
    url: `http://${host}:${port}`,
    graphRef,
    close: async () => {
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
