// **static** times `npm run build:static` on synthetic data of growing size (bench/generate.ts), to check that
// the static copy's build stays linear in the number of entries: per-size wall time, pages, files and bytes,
// and the growth factor of time against the growth factor of pages. Run: `npx tsx bench/static.ts [10000 100000]`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConfig } from '../src/config.js';
import { buildStatic } from '../src/publish/build-static.js';
import { generateDataset } from './generate.js';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const targets = sizes.length ? sizes : [10_000, 100_000];

async function main(): Promise<void> {
  const rows: Array<{ triples: number; entries: number; pages: number; files: number; mb: number; seconds: number }> = [];
  for (const target of targets) {
    const work = await mkdtemp(path.join(tmpdir(), 'uc-bench-static-'));
    try {
      const data = path.join(work, 'data');
      const dataset = await generateDataset(data, target);
      // Synthetic entries are not held to every directory rule (as in bench/run.ts): load them as --no-strict would.
      const config = createConfig({ port: '0', host: '127.0.0.1', data, strict: false }, {});
      const report = await buildStatic({ config, outDir: path.join(work, 'out'), baseUrl: 'https://static.example.org/', liveUrl: 'https://live.example.org/' });
      rows.push({
        triples: dataset.triples, entries: dataset.commons + dataset.actors + dataset.services,
        pages: report.pages, files: report.files, mb: report.bytes / 1e6, seconds: report.milliseconds / 1000,
      });
      console.log(`${target} triples: ${report.pages} pages, ${report.files} files, ${(report.bytes / 1e6).toFixed(1)} MB, ${report.compressed} precompressed, ${(report.milliseconds / 1000).toFixed(1)} s`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  console.log('\n| triples | entries | pages | files | MB | s | ms/page |\n| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.triples} | ${r.entries} | ${r.pages} | ${r.files} | ${r.mb.toFixed(1)} | ${r.seconds.toFixed(1)} | ${((r.seconds * 1000) / r.pages).toFixed(1)} |`);
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    console.log(`×${(b.pages / a.pages).toFixed(1)} pages → ×${(b.seconds / a.seconds).toFixed(1)} time (linear: about the same factor)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
