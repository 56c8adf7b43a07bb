// **publiccode** serves /id/commons/<slug>/publiccode.yml: the commons in the publiccode.yml standard,
// written by src/export/publiccode.ts. Mounted before the linked-data routes, which would answer 404.
import { Router } from 'express';
import { commonsToPubliccode, toPubliccodeYaml } from '../../export/publiccode.js';
import type { GraphRef } from '../../graph/graph-ref.js';
import { sendBody, sendIfFresh } from '../rdf-response.js';

export function publiccodeRoutes(graphRef: GraphRef): Router {
  const router = Router();
  router.get(/^\/id\/commons\/([a-z0-9]+(?:-[a-z0-9]+)*)\/publiccode\.yml$/, (req, res) => {
    const graph = graphRef.current();
    const iri = `${graph.baseIri}id/commons/${(req.params as Record<string, string>)[0]}`;
    const exported = commonsToPubliccode(graph.union, iri);
    if (!exported) return sendBody(res, 404, 'text/plain', `No publiccode.yml for ${iri}: it is not a commons of the directory, or it lacks a repository or a licence.\n`);
    if (sendIfFresh(req, res, graph, 'publiccode.yml')) return;
    sendBody(res, 200, 'application/yaml', toPubliccodeYaml(exported, iri));
  });
  return router;
}
