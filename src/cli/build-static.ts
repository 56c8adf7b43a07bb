// **build-static** is `npm run build:static -- --out DIR [--base-url URL]`: writes the whole public site as files.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { ConfigError, createConfig } from '../config.js';
import { GraphLoadError } from '../graph/load-graph.js';
import { formatText } from '../validate/format.js';
import { buildStatic } from '../publish/build-static.js';

const USAGE = `usage: npm run build:static -- --out DIR [--base-url URL] [--live-url URL] [--data DIR] [--base-iri IRI]

  --out DIR        folder to write (created; emptied first if it holds a previous build)
  --base-url URL   where the copy is published (sitemap.xml, robots.txt); default the base IRI,
                   https://w3id.org/usages-communs/, which w3id.org redirects to the host
  --live-url URL   the live server, for what a static host cannot do (SPARQL, the form); without it
                   those links stay relative, for a host that proxies them
  --data DIR       folder of Turtle files (default the bundled data/)
  --base-iri IRI   base of the entities' IRIs (default https://w3id.org/usages-communs/)

Writes every page in French (/…) and English (/en/…), each entity in Turtle, JSON-LD, N-Triples and RDF/XML
beside its page, the dumps, VoID/DCAT, sitemap.xml, robots.txt, the favicon, .gz and .br copies, and the web
server configuration that negotiates by Accept: nginx.conf and .htaccess (see README, "Publishing a static copy").`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      'base-url': { type: 'string' },
      'live-url': { type: 'string' },
      data: { type: 'string' },
      'base-iri': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  if (!values.out) {
    console.error(`build:static: --out DIR is required (the folder to write)\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const config = createConfig({ port: '0', host: '127.0.0.1', data: values.data, baseIri: values['base-iri'] });
  for (const [name, value] of [['--base-url', values['base-url']], ['--live-url', values['live-url']]] as const) {
    if (value && !/^https?:\/\/[^/]/.test(value)) throw new ConfigError(`${name} "${value}" is not an http(s) URL (expected e.g. https://example.org/)`);
  }
  const report = await buildStatic({
    config,
    outDir: path.resolve(values.out),
    baseUrl: values['base-url'] ?? config.baseIri,
    liveUrl: values['live-url'],
    log: (message) => console.error(message),
  });
  console.log(`build:static: ${report.pages} pages, ${report.files} files (${(report.bytes / 1e6).toFixed(1)} MB), ${report.compressed} precompressed, in ${(report.milliseconds / 1000).toFixed(1)} s → ${path.resolve(values.out)}`);
  const dynamicPaths = [...new Set(report.dynamicLinks.map((l) => l.split('?')[0]))];
  if (dynamicPaths.length) console.log(`  links to what only the live server does${values['live-url'] ? ` point to ${values['live-url']}` : ' stay relative (pass --live-url)'}: ${dynamicPaths.join(', ')}`);
}

main().catch((error: unknown) => {
  if (error instanceof GraphLoadError) console.error(formatText(error.findings));
  else console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
