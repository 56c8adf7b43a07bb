// What Comunica hands to the local source: the shape per query, the queries it cannot take, the path unfolding,
// and, through the real executor, that a whole group with its OPTIONALs arrives as one operation.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadGraph } from '../../../src/graph/load-graph.js';
import { decodeSource, encodeGraph } from '../../../src/sparql/quad-source.js';
import { createExecutor } from '../../../src/sparql/execute.js';
import { LocalQuerySource, acceptedTypes, localSourceApplies } from '../../../src/sparql/local/local-source.js';
import { unfoldSimplePaths } from '../../../src/sparql/local/simple-paths.js';
import { parseQuery, type AlgebraNode } from '../../../src/sparql/query.js';
import { BASE, ONTOLOGY, ROOT, VALID } from '../../helpers.js';

const algebraOf = (where: string) => parseQuery(`PREFIX ex: <http://example.org/> SELECT * ${where}`, 'http://example.org/').algebra;
const types = (algebra: AlgebraNode) => [...acceptedTypes(algebra)];
const outline = (op: AlgebraNode): string => {
  const inputs = op.type === 'bgp' ? (op.patterns as AlgebraNode[]) : Array.isArray(op.input) ? (op.input as AlgebraNode[]) : op.input ? [op.input as AlgebraNode] : [];
  return inputs.length ? `${op.type}(${inputs.map(outline).join(',')})` : op.type;
};

async function validSource() {
  const graph = await loadGraph({ ontologyDir: ONTOLOGY, dataDir: VALID, baseIri: BASE, strict: true, cwd: ROOT });
  return { source: await decodeSource(encodeGraph(graph.store)) };
}

describe('local source', () => {
  afterEach(() => vi.restoreAllMocks());

  it('accepts the operation types every occurrence of which it can run', () => {
    const all = ['pattern', 'bgp', 'join', 'leftjoin', 'union', 'filter', 'group', 'path'];
    expect(types(algebraOf('{ ?s ex:p ?o OPTIONAL { ?s ex:l ?l FILTER(LANG(?l) = "fr") } ?o ex:q* ?x }'))).toEqual(all);
    // Aggregates other than COUNT: Comunica groups, over what the source found.
    expect(types(parseQuery('SELECT (SUM(?o) AS ?n) { ?s ?p ?o }', 'http://example.org/').algebra)).toEqual(all.filter((t) => t !== 'group'));
  });

  it('takes single patterns only where Comunica joins operands itself, since it then rewrites them', () => {
    for (const where of [
      '{ ?s ex:p ?o FILTER(?o > 3) OPTIONAL { ?s ex:l ?l FILTER(LANG(?l) = "fr") } }',
      '{ ?s ex:p ?o OPTIONAL { ?s ex:l ?l FILTER(?l > 3) } }',
      '{ ?s ex:a* ?o . ?o !ex:b ?x }',
      '{ VALUES ?s { ex:a } ?s ex:p ?o }',
      '{ ?s ex:p ?o { SELECT ?o { ?o ex:q ?x } LIMIT 1 } }',
      '{ { ?s ex:p ?o } UNION { ?s ex:q ?o BIND(1 AS ?one) } }',
    ]) expect(types(algebraOf(where))).toEqual(['pattern']);
  });

  it('refuses, with an error rather than a wrong answer, an operation it cannot evaluate exactly', async () => {
    const { source } = await validSource();
    const filter = (algebraOf('{ ?s ex:p ?o FILTER(?o > 3) }').input as AlgebraNode);
    expect(() => new LocalQuerySource(source).queryBindings(filter)).toThrow(/'filter' operation it cannot evaluate exactly/);
  });

  it('leaves FROM, SERVICE and quoted triples to Comunica', () => {
    expect(localSourceApplies(algebraOf('{ ?s ex:p ?o }'))).toBe(true);
    expect(localSourceApplies(algebraOf('FROM ex:g { ?s ex:p ?o }'))).toBe(false);
    expect(localSourceApplies(algebraOf('{ SERVICE <http://example.org/sparql> { ?s ex:p ?o } }'))).toBe(false);
    expect(localSourceApplies(parseQuery('PREFIX ex: <http://example.org/> SELECT * { <<( ?s ex:p ?o )>> ex:q ?x }', 'http://example.org/').algebra)).toBe(false);
  });

  it('unfolds IRI, inverse and alternative paths, and keeps the others', () => {
    expect(outline(unfoldSimplePaths(algebraOf('{ ?s ex:a|^ex:b|(ex:c|ex:d) ?o }')))).toBe('project(union(pattern,pattern,pattern,pattern))');
    const inverse = ((unfoldSimplePaths(algebraOf('{ ?s ^(ex:a|ex:b) ?o }')).input as AlgebraNode).input as AlgebraNode[])[0];
    expect([(inverse.subject as { value: string }).value, (inverse.object as { value: string }).value]).toEqual(['o', 's']);
    expect(outline(unfoldSimplePaths(algebraOf('{ ?s ex:a* ?o . ?s ex:b/ex:c ?x }')))).toMatch(/path/);
  });

  it('receives a group with its OPTIONALs and label filters as one operation', async () => {
    const { source } = await validSource();
    const executor = createExecutor(source, { baseIri: BASE, prefixes: {} });
    const seen: string[] = [];
    const original = LocalQuerySource.prototype.queryBindings;
    vi.spyOn(LocalQuerySource.prototype, 'queryBindings').mockImplementation(function (this: LocalQuerySource, op: unknown) {
      seen.push(outline(op as AlgebraNode));
      return original.call(this, op);
    });
    const answer = await executor.run({
      query: `PREFIX schema: <http://schema.org/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?c ?name ?fr ?topic WHERE {
          ?c a <https://w3id.org/usages-communs/ns#DigitalCommons> ; schema:name ?name .
          OPTIONAL { ?c schema:description ?fr FILTER(LANG(?fr) = "fr") }
          OPTIONAL { ?c <http://purl.org/dc/terms/subject> ?t . ?t skos:prefLabel|schema:name ?topic }
        } ORDER BY ?name`,
      mediaType: 'application/sparql-results+json',
      maxResults: 100,
    });
    // Besides, Comunica asks for the size of each UNION branch, to prune empty ones.
    expect(seen.filter((op) => op !== 'pattern')).toEqual(['leftjoin(leftjoin(join(pattern,pattern),filter(pattern)),join(pattern,union(pattern,pattern)))']);
    expect(answer.count).toBeGreaterThan(2);

    seen.length = 0;
    const counts = await executor.run({
      query: `PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX schema: <http://schema.org/>
        SELECT ?t (COUNT(?o) AS ?n) { ?t skos:broader* <${BASE}id/territories/france> . ?o schema:areaServed ?t } GROUP BY ?t`,
      mediaType: 'application/sparql-results+json',
      maxResults: 100,
    });
    // Comunica would not group a path with anything: it is assigned with its group before Comunica plans.
    expect(seen).toEqual(['group(join(path,pattern))']);
    expect(counts.count).toBeGreaterThan(0);
  });
});
