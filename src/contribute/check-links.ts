// **check-links** finds the external web addresses of the entries and asks each one, a few at a time and
// each with a time limit, whether it still answers. A dead link is a warning with its file and line:
// sites go down for a day, so this never fails a build, and it never runs in CI against the internet.
import { parseTurtle, tripleKey, type Location } from '../graph/parse-turtle.js';
import { readSources } from '../graph/sources.js';
import { PREFIXES } from '../rdf/namespaces.js';
import { eachAtOnce } from '../each-at-once.js';

export interface LinkUse {
  url: string;
  /** Every place the address is written (it is asked once). */
  locations: Location[];
}

export interface DeadLink extends LinkUse {
  /** HTTP status, or the network error's short name (timeout, ECONNREFUSED…). */
  reason: string;
}

export interface CheckLinksOptions {
  ontologyDir: string;
  dataDir: string;
  baseIri: string;
  cwd?: string;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Time allowed per address, in milliseconds, redirects included (default 10 000). */
  timeoutMs?: number;
  /** Called as each address is answered, for progress output. */
  onChecked?: (use: LinkUse, dead: DeadLink | undefined) => void;
}

/** Vocabulary namespaces are identifiers, not pages to check; Wikidata items are (they can be deleted). */
const IDENTIFIER_SPACES = Object.entries(PREFIXES).filter(([p]) => p !== 'wd').map(([, ns]) => ns);

/** The external http(s) addresses written in the data files, each with where it is written. */
export async function collectLinks(options: Pick<CheckLinksOptions, 'ontologyDir' | 'dataDir' | 'baseIri' | 'cwd'>): Promise<LinkUse[]> {
  const sources = (await readSources({ ontology: options.ontologyDir, data: options.dataDir }, options.baseIri, options.cwd)).filter((s) => s.root === 'data');
  const uses = new Map<string, LinkUse>();
  for (const file of sources) {
    // A file that does not parse is the validator's business: its links are skipped here.
    const parsed = await parseTurtle(file.text, file.display, file.entity ?? options.baseIri, file.graph).catch(() => undefined);
    if (!parsed) continue;
    for (const quad of parsed.quads) {
      const url = quad.object.value;
      if (quad.object.termType !== 'NamedNode' || !/^https?:\/\//.test(url) || url.startsWith(options.baseIri)) continue;
      if (IDENTIFIER_SPACES.some((ns) => url.startsWith(ns))) continue;
      const location = parsed.triples.get(tripleKey(quad.subject.value, quad.predicate.value, quad.object)) ?? parsed.subjects.get(quad.subject.value)!;
      const use = uses.get(url) ?? { url, locations: [] };
      use.locations.push(location);
      uses.set(url, use);
    }
  }
  return [...uses.values()].sort((a, b) => a.url.localeCompare(b.url));
}

/** Asks one address: HEAD first, then GET when the server refuses HEAD (many do) or answers an error to it. */
export async function probe(url: string, timeoutMs: number): Promise<string | undefined> {
  const signal = AbortSignal.timeout(timeoutMs);
  const ask = async (method: 'HEAD' | 'GET') => {
    const response = await fetch(url, { method, redirect: 'follow', signal, headers: { 'user-agent': 'usages-communs-check-links' } });
    // Only the status matters: the body is never read.
    await response.body?.cancel().catch(() => undefined);
    return response.status;
  };
  try {
    let status = await ask('HEAD');
    if (status >= 400) status = await ask('GET');
    return status >= 400 ? `HTTP ${status}` : undefined;
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError' || signal.aborted) return 'timeout';
    return e.cause?.code ?? e.name;
  }
}

/** Checks every address with at most `concurrency` requests in flight; resolves with the dead ones. */
export async function checkLinks(options: CheckLinksOptions): Promise<{ checked: number; dead: DeadLink[] }> {
  const uses = await collectLinks(options);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const dead: DeadLink[] = [];
  await eachAtOnce(uses, concurrency, async (use) => {
    const reason = await probe(use.url, timeoutMs);
    const found = reason ? { ...use, reason } : undefined;
    if (found) dead.push(found);
    options.onChecked?.(use, found);
  });
  return { checked: uses.length, dead: dead.sort((a, b) => a.url.localeCompare(b.url)) };
}

