// **examples** reads the example queries of ontology/queries/: each .rq file starts with
// `# fr: title`, `# en: title` and optional `# fr-comment: …` / `# en-comment: …` lines (both or neither),
// then the query. Pages show the title and comment of their language, and the query with that language's
// header lines only.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

type Lang = 'fr' | 'en';

export interface ExampleQuery {
  slug: string;
  title: Record<Lang, string>;
  /** The comment in each language, '' when the file has none. */
  comment: Record<Lang, string>;
  /** The whole file, as the endpoint runs it. */
  query: string;
  /** The file without the other language's title and comment lines, as a page of `lang` shows it. */
  queryIn: Record<Lang, string>;
}

const HEADER = /^#\s?(fr|en)(-comment)?:\s?(.*)$/;

export function parseExample(file: string, query: string): ExampleQuery {
  const lines = query.split('\n');
  const header = (lang: Lang, comment: boolean) => lines.map((l) => HEADER.exec(l)).filter((m) => m && m[1] === lang && !!m[2] === comment).map((m) => m![3].trim());
  const title = (lang: Lang) => header(lang, false)[0] ?? file;
  const comment = (lang: Lang) => header(lang, true).join(' ');
  const [fr, en] = [comment('fr'), comment('en')];
  if (!!fr !== !!en) throw new Error(`${file}: a comment in ${fr ? 'French' : 'English'} only; add the "# ${fr ? 'en' : 'fr'}-comment: …" line so that both pages explain the query`);
  const queryIn = (lang: Lang) => lines.filter((l) => { const m = HEADER.exec(l); return !m || m[1] === lang; }).join('\n');
  return {
    slug: file.replace(/\.rq$/, ''),
    title: { fr: title('fr'), en: title('en') },
    comment: { fr, en },
    query,
    queryIn: { fr: queryIn('fr'), en: queryIn('en') },
  };
}

export async function loadExamples(dir: string): Promise<ExampleQuery[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.rq')).sort();
  return Promise.all(files.map(async (file) => parseExample(file, await readFile(path.join(dir, file), 'utf8'))));
}
