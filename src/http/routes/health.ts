// **health** tells a supervisor that the server answers and which graph it serves.
import { Router } from 'express';
import type { GraphRef } from '../../graph/graph-ref.js';
import type { Summary } from '../../directory/summary.js';

export function healthRoutes(graphRef: GraphRef, summary: () => Summary): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    const graph = graphRef.current();
    const reload = graphRef.lastReload();
    res.set('Cache-Control', 'no-store').json({
      // Still serving, but not what the files now say: a supervisor should look.
      status: reload && !reload.ok ? 'degraded' : 'ok',
      loadedAt: graph.loadedAt.toISOString(),
      files: graph.sources.length,
      triples: summary().triples,
      warnings: graph.warnings.length,
      lastReload: reload ? { at: reload.at.toISOString(), ok: reload.ok, ...(reload.problem && { error: reload.problem }) } : null,
    });
  });
  return router;
}
