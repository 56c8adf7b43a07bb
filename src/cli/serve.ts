// **serve** is `npm start`: starts the directory's server with the bundled data or another folder of Turtle files.
import { parseArgs } from 'node:util';
import { ConfigError, createConfig } from '../config.js';
import { GraphLoadError } from '../graph/load-graph.js';
import { guardHeap } from '../heap-guard.js';
import { startServer } from '../server.js';
import { formatText } from '../validate/format.js';

const USAGE = `usage: npm start -- [--port N] [--host ADDR] [--data DIR] [--base-iri IRI] [--edit-base-url URL] [--no-strict] [--watch] [--repository-url URL]

  --port N        port to listen on (env PORT, default 3000)
  --host ADDR     address to listen on (env HOST, default 0.0.0.0)
  --data DIR      folder of Turtle files to serve (env DATA_DIR, default the bundled data/)
  --base-iri IRI  base of the entities' IRIs (env BASE_IRI, default https://w3id.org/usages-communs/)
  --edit-base-url URL  prefix of "edit this entry" links, e.g. https://github.com/ORG/REPO/edit/main/ (env EDIT_BASE_URL)
  --no-strict     serve any valid RDF: shape violations and directory rules become warnings
  --repository-url URL  the data's repository, e.g. https://github.com/ORG/REPO: the contribution form then
                  links to its "create this file" page, prefilled (env REPOSITORY_URL)
  --watch         reload when a file in the data or ontology folder changes; a broken change keeps the
                  previous data served and its error (file, line, message) is shown on every page
  --sparql-timeout S        time limit of one SPARQL query in seconds (env SPARQL_TIMEOUT, default 10)
  --sparql-workers N        query worker threads (env SPARQL_WORKERS, default cores + 1, at most 8)
  --sparql-max-results N    rows or triples per answer at most (env SPARQL_MAX_RESULTS, default 10000)
  --sparql-allow-service L  comma-separated SERVICE endpoints queries may call (env SPARQL_ALLOW_SERVICE,
                            default none: no query makes this server fetch anything)
  --sparql-engine URL      answer /sparql through an external SPARQL 1.1 engine at this query endpoint
                           (env SPARQL_ENGINE); needs --graph-store
  --graph-store URL        the engine's Graph Store Protocol endpoint, where the files are loaded
                           (env GRAPH_STORE; credentials in SPARQL_ENGINE_USER, SPARQL_ENGINE_PASSWORD)
  --trust-proxy P  believe X-Forwarded-For from these proxies for per-client limits (env TRUST_PROXY):
                   true (the nearest proxy), a number of hops, or addresses/subnets; default: none

Signals: SIGHUP reloads the data (the last good graph stays served if the new one fails);
SIGTERM and SIGINT stop the server cleanly.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'base-iri': { type: 'string' },
      'edit-base-url': { type: 'string' },
      'no-strict': { type: 'boolean' },
      watch: { type: 'boolean' },
      'repository-url': { type: 'string' },
      'sparql-timeout': { type: 'string' },
      'sparql-workers': { type: 'string' },
      'sparql-max-results': { type: 'string' },
      'sparql-allow-service': { type: 'string' },
      'trust-proxy': { type: 'string' },
      'sparql-engine': { type: 'string' },
      'graph-store': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const config = createConfig({
    port: values.port,
    host: values.host,
    data: values.data,
    baseIri: values['base-iri'],
    editBaseUrl: values['edit-base-url'],
    strict: !values['no-strict'],
    watch: values.watch,
    repositoryUrl: values['repository-url'],
    sparqlTimeout: values['sparql-timeout'],
    sparqlWorkers: values['sparql-workers'],
    sparqlMaxResults: values['sparql-max-results'],
    sparqlAllowService: values['sparql-allow-service'],
    trustProxy: values['trust-proxy'],
    sparqlEngine: values['sparql-engine'],
    graphStore: values['graph-store'],
  });
  const heap = guardHeap();
  const starting = startServer(config, (message) => console.error(message), { duringLoad: heap.during });
  heap.during(starting);
  const running = await starting;
  process.on('SIGHUP', async () => {
    const result = await running.graphRef.reload();
    if (result.ok) console.log(`reloaded: ${result.graph.store.size} quads from ${result.graph.sources.length} files`);
    else console.error(`reload failed, still serving the previous data:\n${result.error?.message ?? formatText(result.findings)}`);
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    running.close().then(() => process.exit(0), (error) => {
      console.error(error);
      process.exit(1);
    });
    // Connections still busy after a grace period are cut, so that a stop never hangs.
    setTimeout(() => {
      running.server.closeAllConnections();
    }, 5_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  // Printed only once every signal has its handler: supervisors and tests send SIGHUP as soon as they read it.
  const graph = running.graphRef.current();
  if (graph.warnings.length) console.error(formatText([...graph.warnings]));
  console.log(`Usages communs: ${graph.store.size} quads from ${graph.sources.length} files, serving ${running.url}`);
}

main().catch((error) => {
  if (error instanceof GraphLoadError) {
    console.error(`${formatText(error.findings)}\n\nThe data did not load (${error.findings.length} error${error.findings.length === 1 ? '' : 's'}); nothing is served.\nRun \`npm run validate\` for details, or start with --no-strict to serve it with warnings.`);
  } else if (error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
