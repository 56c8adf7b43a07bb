// **watch** reloads the graph when a file under the data or ontology folder changes, for whoever edits
// the data locally (`npm start -- --watch`). Editors write a file in several steps (truncate, write,
// rename): changes are gathered until the folders have been quiet for a moment, then reloaded once.
import { watch, type FSWatcher } from 'node:fs';
import type { GraphRef, ReloadResult } from './graph-ref.js';

export interface Watcher {
  close(): void;
}

export interface WatchOptions {
  /** Quiet time after the last change before reloading. */
  debounceMs?: number;
  /** Told of each reload that a change caused. */
  onReload?: (result: ReloadResult, changed: readonly string[]) => void;
}

export function watchFolders(graphRef: GraphRef, dirs: readonly string[], { debounceMs = 250, onReload = () => {} }: WatchOptions = {}): Watcher {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let closed = false;
  const changed = new Set<string>();

  async function reload(): Promise<void> {
    timer = undefined;
    if (running) return;
    running = true;
    const files = [...changed];
    changed.clear();
    try {
      const result = await graphRef.reload();
      if (!closed) onReload(result, files);
    } finally {
      running = false;
      // A change that arrived during the reload may not have been read by it: read again.
      if (changed.size && !closed) schedule();
    }
  }
  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void reload(), debounceMs);
  }
  const watchers: FSWatcher[] = dirs.map((dir) =>
    watch(dir, { recursive: true }, (_event, name) => {
      // Editors' swap and backup files (.x.swp, x~, #x#) are not data; Turtle files and folders are.
      const file = String(name ?? '');
      if (/(^|\/)\.|~$|#$/.test(file) || (file && !file.endsWith('.ttl') && /\.[^/]+$/.test(file))) return;
      changed.add(file);
      if (!running) schedule();
    }));
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
