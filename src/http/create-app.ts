// **create-app** wires the routes on an Express app, without listening, so that tests can start it on any port.
import express, { type Express } from 'express';
import path from 'node:path';
import type { GraphRef } from '../graph/graph-ref.js';
import type { Graph } from '../graph/load-graph.js';
import type { Views } from '../render/views.js';
import { securityHeaders } from './security-headers.js';
import { errorHandler, renderError } from './errors.js';
import { healthRoutes } from './routes/health.js';
import { pageRoutes } from './routes/pages.js';
import { createPages, createPagesInSlices, type Pages } from '../directory/pages.js';
import { linkedDataRoutes } from './routes/linked-data.js';
import { dumpRoutes } from './routes/dumps.js';
import { resourcePageRoutes } from './routes/resource-page.js';
import { sparqlRoutes } from './routes/sparql.js';
import { dataApiRoutes } from './routes/data-api.js';
import { changesRoutes } from './routes/changes.js';
import { contributeRoutes } from './routes/contribute.js';
import type { EntryModel } from '../contribute/entry-model.js';
import { publiccodeRoutes } from './routes/publiccode.js';
import type { SparqlService } from '../sparql/service.js';
import type { ExampleQuery } from '../sparql/examples.js';
import { createRequire } from 'node:module';
import { compression } from './compression.js';
import { precompressedAssets } from './assets.js';
import { methodNotAllowed, protocolManners } from './protocol.js';
import { siteRoutes } from './routes/site.js';

export interface AppDependencies {
  graphRef: GraphRef;
  views: Views;
  viewsDir: string;
  /** Prefix of "edit this entry" links (e.g. https://github.com/ORG/REPO/edit/main/); without it pages show the file path only. */
  editBaseUrl?: string;
  /** For the static copy's build: list pages load the static search script (see PagesOptions). */
  staticSearch?: boolean;
  log?: (message: string) => void;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For gives the client's address (false: none). */
  trustProxy?: false | number | string;
  /** The SPARQL endpoint and its example queries; without it /sparql and /data are not served. */
  sparql?: { service: SparqlService; examples: ExampleQuery[]; maxPerClient: number; federated?: boolean };
  /** The contribution form's model of the entries (from the shapes) and the data's repository; without it /contribute is not served. */
  contribute?: { model: EntryModel; repositoryUrl?: string };
}

// YASGUI is served from its npm package by this site itself: no CDN, no third-party request.
const YASGUI_BUILD = path.dirname(createRequire(import.meta.url).resolve('@zazuko/yasgui/build/yasgui.min.js'));

export function createApp({ graphRef, views, viewsDir, editBaseUrl, staticSearch, sparql, contribute, trustProxy = false, log = console.error }: AppDependencies): Express {
  // Views of the graph are computed when it loads, and swapped with it; requests only read them.
  let pages: Pages = createPages(graphRef.current(), views, { editBaseUrl, staticSearch });
  // A reload builds the new views a slice at a time while the old ones are served, and they are swapped in
  // with the graph: pages, linked data and queries change together. They are built once the graph is validated,
  // not beside its validation: tried at 100k triples, that cut a reload from 28 to 17.5 s but raised its memory
  // peak by 170 MB. A longer reload costs nobody anything (the old data is served meanwhile); memory does.
  const prepared = new WeakMap<Graph, Pages>();
  graphRef.beforeSwap(async (graph) => void prepared.set(graph, await createPagesInSlices(graph, views, { editBaseUrl, staticSearch })), 'views and search index');
  graphRef.onSwap((graph) => {
    pages = prepared.get(graph) ?? createPages(graph, views, { editBaseUrl, staticSearch });
  });
  const currentSummary = () => pages.directory.home('fr').summary;

  const app = express();
  // The pages of the graph being served, for the static build (its search index is made from the same directory).
  app.locals.pages = () => pages;
  app.disable('x-powered-by');
  app.set('etag', 'strong');
  app.set('trust proxy', trustProxy);
  app.use(securityHeaders());
  app.use(compression());
  app.use(protocolManners());
  app.use('/assets', precompressedAssets(path.join(viewsDir, 'assets'), { maxAge: 86_400 }));
  app.use('/assets', express.static(path.join(viewsDir, 'assets'), { maxAge: '1d', index: false }));
  app.use(siteRoutes(() => pages, graphRef, viewsDir));
  app.use(healthRoutes(graphRef, currentSummary));
  if (sparql) {
    const dataApi = dataApiRoutes({ graphRef, views, service: sparql.service, examples: sparql.examples, federated: sparql.federated });
    // The 1 MB editor bundle is precompressed once (about 250 KB in brotli); its source maps, for developers only, are not.
    app.use('/assets/yasgui', precompressedAssets(YASGUI_BUILD, { maxAge: 7 * 86_400, only: (name) => name.startsWith('yasgui.min.') && !name.endsWith('.map') }));
    app.use('/assets/yasgui', express.static(YASGUI_BUILD, { maxAge: '7d', index: false }));
    app.use(sparqlRoutes({ service: sparql.service, maxPerClient: sparql.maxPerClient, describeService: dataApi.describeService }));
    app.use(dataApi.router);
    app.locals.examplesReady = dataApi.examplesReady;
  }
  // The history: /changes, /feed.atom, and 410 Gone for removed entries before linked data can say 404.
  app.use(changesRoutes(graphRef, () => pages.directory, views));
  if (contribute) app.use(contributeRoutes({ graphRef, directory: () => pages.directory, views, ...contribute }));
  // linked data (helper B) goes before pages: RDF for RDF clients, HTML clients handed on to the pages
  app.use(publiccodeRoutes(graphRef));
  app.use(linkedDataRoutes(graphRef));
  app.use(dumpRoutes(graphRef));
  app.use(pageRoutes(() => pages));
  // the generic page of any described IRI that the pages above do not render
  app.use(resourcePageRoutes(graphRef, views));
  app.use(methodNotAllowed());
  app.use((req, res) => renderError(views, req, res, 404));
  app.use(errorHandler(views, log));
  return app;
}
