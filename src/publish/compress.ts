// **compress** makes the precompressed copies of a file, at the highest levels: done once (at startup for the
// live server's assets, at build time for the static copy), so that no request pays for the slow settings.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export interface Precompressed {
  gzip: Buffer;
  br: Buffer;
}

/** Gzip (level 9) and brotli (quality 11) copies of `bytes`, on libuv's thread pool, off the event loop. */
export async function precompress(bytes: Buffer): Promise<Precompressed> {
  const [gz, br] = await Promise.all([
    gzipAsync(bytes, { level: 9 }),
    brotliAsync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
  ]);
  return { gzip: gz, br };
}
