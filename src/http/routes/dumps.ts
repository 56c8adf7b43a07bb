// **dumps** serves the whole graph as one download per syntax: /data/dump.ttl, .nt and .jsonld hold the
// union of the files (no graph names); /data/dump.nq keeps one named graph per source file. Each is written
// on its first request and kept until the next reload, gzipped too for clients that accept it.
import { Router } from 'express';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Graph } from '../../graph/load-graph.js';
import type { GraphRef } from '../../graph/graph-ref.js';
import { formatByExtension, type RdfFormat } from '../../rdf/serialize.js';
import { perGraph, sendBody, sendIfFresh, writeRdf } from '../rdf-response.js';

const gzipAsync = promisify(gzip);

/** The dumps, by path. */
export const DUMP_FORMATS: readonly RdfFormat[] = ['ttl', 'nt', 'jsonld', 'nq'].map((extension) => formatByExtension(extension)!);
export const dumpPath = (format: RdfFormat) => `/data/dump.${format.extension}`;

interface Dump {
  plain: Buffer;
  gzipped: Promise<Buffer>;
}

/** Per graph: extension → its dump being written or written. */
const dumps = perGraph(() => new Map<string, Promise<Dump>>());

function dumpOf(graph: Graph, format: RdfFormat): Promise<Dump> {
  const cache = dumps.get(graph);
  let dump = cache.get(format.extension);
  if (!dump) {
    // N-Quads keeps each file's named graph; the triple syntaxes write the union, each triple once.
    const quads = (format.quads ? graph.store : graph.union).getQuads(null, null, null, null);
    dump = writeRdf(quads, format.mediaType, graph).then((plain) => ({ plain, gzipped: gzipAsync(plain) }));
    // A failed write is not kept: the next request tries again (and the error goes to the log meanwhile).
    dump.catch(() => cache.delete(format.extension));
    cache.set(format.extension, dump);
  }
  return dump;
}

export function dumpRoutes(graphRef: GraphRef): Router {
  const router = Router();
  for (const format of DUMP_FORMATS) {
    router.get(dumpPath(format), async function dumpHandler(req, res) {
      const graph = graphRef.current();
      const gzipped = req.acceptsEncodings('gzip', 'identity') === 'gzip';
      res.vary('Accept-Encoding');
      if (sendIfFresh(req, res, graph, `${format.extension}${gzipped ? '-gzip' : ''}`)) return;
      const dump = await dumpOf(graph, format);
      if (gzipped) res.set('Content-Encoding', 'gzip');
      sendBody(res, 200, format.mediaType, gzipped ? await dump.gzipped : dump.plain);
    });
  }
  return router;
}
