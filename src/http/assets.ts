// **assets** serves a folder of static files (stylesheets, scripts, the query editor's 1 MB bundle) from memory,
// with their brotli and gzip copies made once at startup at the highest levels. Until a copy is ready the
// plain file is sent (and compressed on the fly by the compression middleware), so startup never waits.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { chooseEncoding } from './compression.js';
import { precompress, type Precompressed } from '../publish/compress.js';

interface Asset {
  bytes: Buffer;
  type: string;
  etag: string;
  compressed?: Precompressed;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

export function assetType(file: string): string | undefined {
  return TYPES[path.extname(file).toLowerCase()];
}

/** The files of `dir` (not its subfolders) whose type is known, read once at startup (a few, small but one). */
function readAssets(dir: string, only?: (name: string) => boolean): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const type = assetType(entry.name);
    if (!entry.isFile() || !type || (only && !only(entry.name))) continue;
    const bytes = readFileSync(path.join(dir, entry.name));
    assets.set(entry.name, { bytes, type, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"` });
  }
  return assets;
}

export interface AssetsOptions {
  maxAge: number;
  only?: (name: string) => boolean;
}

/** GET and HEAD of `<mount>/<name>` for each file of `dir`; unknown names go on to the next handler. */
export function precompressedAssets(dir: string, { maxAge, only }: AssetsOptions): RequestHandler {
  const assets = readAssets(dir, only);
  for (const asset of assets.values()) {
    precompress(asset.bytes).then((c) => (asset.compressed = c), () => undefined);
  }
  return function assetsMiddleware(req, res, next) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const asset = assets.get(decodeURIComponent(req.path.slice(1)));
    if (!asset) return next();
    const encoding = asset.compressed && asset.type !== 'image/png' ? chooseEncoding(req.get('accept-encoding')) : undefined;
    const body = encoding ? asset.compressed![encoding] : asset.bytes;
    res.vary('Accept-Encoding');
    res.set({
      'Content-Type': asset.type,
      'Cache-Control': `public, max-age=${maxAge}`,
      // One ETag per encoding: each is exact bytes, so each can stay strong.
      ETag: encoding ? `${asset.etag.slice(0, -1)}-${encoding}"` : asset.etag,
    });
    if (encoding) res.set('Content-Encoding', encoding);
    if (req.fresh) return void res.status(304).end();
    res.set('Content-Length', String(body.length));
    if (req.method === 'HEAD') return void res.end();
    res.end(body);
  };
}
