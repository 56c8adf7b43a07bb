// **fetch** reads a document that the user named on the command line, and nothing else: the importers
// never follow links found inside a document. Time and size are bounded.
import { ImportError } from './publiccode.js';

const MAX_BYTES = 2 * 1024 * 1024;

/** A GitHub or GitLab "blob" page is HTML; the raw file is what the importer needs. */
export function rawUrl(url: string): string {
  const gh = /^https:\/\/github\.com\/([^/]+)\/([^/]+)\/blob\/(.+)$/.exec(url);
  if (gh) return `https://raw.githubusercontent.com/${gh[1]}/${gh[2]}/${gh[3]}`;
  return url.replace(/^(https:\/\/gitlab\.[^/]+\/.+)\/-\/blob\//, '$1/-/raw/');
}

export async function fetchText(url: string, accept: string, timeoutMs = 20000): Promise<string> {
  let response: Response;
  try {
    response = await fetch(rawUrl(url), { headers: { accept, 'user-agent': 'usages-communs-importer' }, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    throw new ImportError(`could not fetch ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new ImportError(`could not fetch ${url}: HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_BYTES) throw new ImportError(`${url} is larger than ${MAX_BYTES} bytes`);
  const body = await response.text();
  if (body.length > MAX_BYTES) throw new ImportError(`${url} is larger than ${MAX_BYTES} bytes`);
  return body;
}
