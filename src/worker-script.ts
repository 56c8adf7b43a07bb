// **worker-script** says how to start a worker thread on one of the project's modules, from the compiled
// server (dist/…/name.js) or from the TypeScript sources (tests, tsx). From the sources, the worker first
// registers tsx's loader in its own thread, then imports name.ts: --import in a worker's execArgv is not
// applied on Node 20.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The Worker constructor's script and `eval` option for the module `name` next to `importMetaUrl`. */
export function workerScript(importMetaUrl: string, name: string): { script: string; eval: boolean } {
  const here = fileURLToPath(importMetaUrl);
  const fromSources = here.endsWith('.ts');
  const file = path.join(path.dirname(here), `${name}${fromSources ? '.ts' : '.js'}`);
  return fromSources
    ? { script: `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); })`, eval: true }
    : { script: file, eval: false };
}
