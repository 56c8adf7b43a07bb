// **compression** compresses what the server writes (pages, RDF, JSON, scripts, stylesheets) with brotli or
// gzip, as the client's Accept-Encoding allows, using node:zlib only. Responses that already carry an
// encoding (the gzipped dumps, the precompressed assets) and small bodies pass through untouched.
import type { RequestHandler, Response } from 'express';
import { constants, createBrotliCompress, createGzip, type BrotliCompress, type Gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Below this many bytes a compressed body saves less than its framing costs. */
const MIN_BYTES = 1024;

/** Textual types: compressing images or archives wastes time and gains nothing. */
const COMPRESSIBLE = /^(text\/|application\/(json|ld\+json|javascript|xml|rdf\+xml|n-triples|n-quads|trig|sparql-results\+(json|xml)|sparql-query|atom\+xml|manifest\+json|geo\+json)|image\/svg\+xml)/i;

export function isCompressible(contentType: string | undefined): boolean {
  return !!contentType && COMPRESSIBLE.test(contentType);
}

/**
 * The encoding to use for an Accept-Encoding header: brotli when accepted (smaller), else gzip, else none.
 * q=0 refuses an encoding; `*` stands for any encoding not named.
 */
export function chooseEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';').map((s) => s.trim());
    if (!name) continue;
    const weight = params.find((p) => p.startsWith('q='));
    const value = weight ? Number(weight.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const of = (name: string) => q.get(name) ?? q.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).filter((e) => of(e) > 0).sort((a, b) => of(b) - of(a))[0];
  return best;
}

/** A strong ETag names exact bytes; once the bytes are compressed it can only be weak (as nginx does). */
function weaken(res: Response): void {
  const etag = res.getHeader('ETag');
  if (typeof etag === 'string' && !etag.startsWith('W/')) res.setHeader('ETag', `W/${etag}`);
}

type Chunk = string | Buffer | Uint8Array;
const toBuffer = (chunk: Chunk, encoding?: BufferEncoding) => (typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);

export function compression(): RequestHandler {
  return function compressionMiddleware(req, res, next) {
    const encoding = chooseEncoding(req.get('accept-encoding'));
    const write = res.write.bind(res) as (chunk: Chunk, cb?: () => void) => boolean;
    const end = res.end.bind(res) as (chunk?: Chunk | (() => void), cb?: () => void) => Response;
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
    let decided = false;
    let stream: Gzip | BrotliCompress | undefined;

    // Decided once, just before the headers leave: by then the route has set the type and the length.
    function decide(): void {
      if (decided) return;
      decided = true;
      if (!isCompressible(res.getHeader('Content-Type') as string | undefined)) return;
      res.vary('Accept-Encoding');
      if (!encoding || req.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304 || res.getHeader('Content-Encoding')) return;
      const length = Number(res.getHeader('Content-Length'));
      if (length < MIN_BYTES) return;
      // A fast level: pages are a few KB and rendered per request; the static assets are precompressed at the highest.
      stream = encoding === 'br'
        ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5, ...(length ? { [constants.BROTLI_PARAM_SIZE_HINT]: length } : {}) } })
        : createGzip({ level: 6 });
      res.setHeader('Content-Encoding', encoding);
      res.removeHeader('Content-Length');
      weaken(res);
      stream.on('data', (data: Buffer) => {
        if (!write(data)) stream!.pause();
      });
      res.on('drain', () => stream!.resume());
      stream.on('end', () => end());
      stream.on('error', (error) => res.destroy(error));
    }

    res.writeHead = function compressedWriteHead(this: Response, ...args: unknown[]) {
      // writeHead(status, [message], [headers]): the headers given here must be seen by decide().
      res.statusCode = args[0] as number;
      const headers = args.find((a, i) => i > 0 && typeof a === 'object' && a !== null);
      if (headers && !Array.isArray(headers)) for (const [k, v] of Object.entries(headers)) res.setHeader(k, v as string);
      decide();
      return writeHead(res.statusCode, ...(typeof args[1] === 'string' ? [args[1]] : []));
    } as Response['writeHead'];
    res.write = function compressedWrite(chunk: Chunk, ...rest: unknown[]) {
      if (!res.headersSent) decide();
      if (!stream) return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
      const bufferEncoding = typeof rest[0] === 'string' ? (rest[0] as BufferEncoding) : undefined;
      return stream.write(toBuffer(chunk, bufferEncoding));
    } as Response['write'];
    res.end = function compressedEnd(chunk?: unknown, ...rest: unknown[]) {
      if (!res.headersSent) decide();
      if (!stream) return (end as (...a: unknown[]) => Response)(chunk, ...rest);
      const bufferEncoding = typeof rest[0] === 'string' ? (rest[0] as BufferEncoding) : undefined;
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') stream.end(toBuffer(chunk as Chunk, bufferEncoding));
      else stream.end();
      return res;
    } as Response['end'];
    next();
  };
}
