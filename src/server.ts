// **server** is the composition root: load the graph, build the views, wire the app, listen.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createGraphRef, type GraphRef } from './graph/graph-ref.js';
import { createViews } from './render/views.js';
import { createApp } from './http/create-app.js';
import { createSparqlService } from './sparql/service.js';
import { loadExamples } from './sparql/examples.js';
import path from 'node:path';
import { watchFolders } from './graph/watch.js';
import { readEntryModel } from './contribute/entry-model.js';
import { formatText } from './validate/format.js';

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
  const views = await createViews(config.viewsDir, config.watch ? { notice: () => graphRef.lastReload()?.problem } : {});
  const watcher = config.watch
    ? watchFolders(graphRef, [config.dataDir, config.ontologyDir], {
        onReload: (result, changed) => log(result.ok
          ? `reloaded after a change (${changed.join(', ') || 'files'}): ${result.graph.store.size} quads from ${result.graph.sources.length} files`
          : `reload after a change failed, still serving the previous data:\n${result.error?.message ?? formatText(result.findings)}`),
      })
    : undefined;
  const sparql = {
    service: await createSparqlService(graphRef, config.sparql),
    examples: await loadExamples(path.join(config.ontologyDir, 'queries')),
    maxPerClient: config.sparql.maxPerClient,
  };
  const contribute = { model: readEntryModel({ ontologyDir: config.ontologyDir, baseIri: config.baseIri }), repositoryUrl: config.repositoryUrl };
  const app = createApp({ graphRef, views, viewsDir: config.viewsDir, editBaseUrl: config.editBaseUrl, sparql, contribute, log });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(s)));
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
      watcher?.close();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive sockets would otherwise hold close() open until they time out.
        server.closeIdleConnections();
      });
      await sparql.service.close();
    },
  };
}
