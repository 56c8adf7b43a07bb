// **examples** reads the example queries of ontology/queries/: each .rq file starts with
// `# fr: title`, `# en: title` and optional comment lines, then the query.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface ExampleQuery {
  slug: string;
  title: { fr: string; en: string };
  comment: string;
  query: string;
}

export async function loadExamples(dir: string): Promise<ExampleQuery[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.rq')).sort();
  return Promise.all(
    files.map(async (file) => {
      const query = await readFile(path.join(dir, file), 'utf8');
      const header = query.split('\n').filter((l) => l.startsWith('#')).map((l) => l.replace(/^#\s?/, ''));
      const title = (lang: string) => header.find((l) => l.startsWith(`${lang}:`))?.slice(lang.length + 1).trim() ?? file;
      return {
        slug: file.replace(/\.rq$/, ''),
        title: { fr: title('fr'), en: title('en') },
        comment: header.filter((l) => !/^(fr|en):/.test(l)).join(' ').trim(),
        query,
      };
    }),
  );
}
