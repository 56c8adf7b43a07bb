import { describe, expect, it } from 'vitest';
import { DataFactory } from 'n3';
import { parseTurtle, statementKey, tripleKey, TurtleSyntaxError } from '../../src/graph/parse-turtle.js';

const graph = DataFactory.namedNode('https://example.org/source/x.ttl');
const S = 'https://example.org/id/commons/x';
const text = `PREFIX schema: <http://schema.org/>
@prefix ex: <https://example.org/id/> .

<${S}> a schema:SoftwareApplication ;
  schema:name "X" ;
  schema:contributor ex:a,
    ex:b ;
  schema:funder [ schema:name "anonymous" ] .

ex:a schema:name "A" .
`;

describe('parseTurtle', () => {
  it('puts every quad in the named graph of its file', async () => {
    const { quads } = await parseTurtle(text, 'x.ttl', 'https://example.org/', graph);
    expect(quads).toHaveLength(7);
    expect(quads.every((q) => q.graph.equals(graph))).toBe(true);
  });

  it('locates subjects at their own token, after PREFIX and @prefix declarations', async () => {
    const { subjects } = await parseTurtle(text, 'x.ttl', 'https://example.org/', graph);
    expect(subjects.get(S)).toEqual({ file: 'x.ttl', line: 4, column: 1 });
    expect(subjects.get('https://example.org/id/a')).toEqual({ file: 'x.ttl', line: 10, column: 1 });
  });

  it('locates statements at their predicate and triples at their object, across lines', async () => {
    const { statements, triples } = await parseTurtle(text, 'x.ttl', 'https://example.org/', graph);
    expect(statements.get(statementKey(S, 'http://schema.org/contributor'))).toEqual({ file: 'x.ttl', line: 6, column: 3 });
    expect(triples.get(tripleKey(S, 'http://schema.org/contributor', DataFactory.namedNode('https://example.org/id/b')))).toEqual({ file: 'x.ttl', line: 7, column: 5 });
    expect(triples.get(tripleKey(S, 'http://schema.org/name', DataFactory.literal('X')))).toEqual({ file: 'x.ttl', line: 5, column: 15 });
  });

  it('locates every triple, blank nodes and lists included, when read again for the locations', async () => {
    const nested = `${text}<${S}> <http://schema.org/keywords> ( "a" [ <http://schema.org/name> "b" ] ) .\n_:n <http://schema.org/name> "n" .\n`;
    const parsed = await parseTurtle(nested, 'x.ttl', 'https://example.org/', graph);
    // The locations come from a second reading: its blank nodes must be named as the first reading named them.
    for (const q of parsed.quads) expect(parsed.triples.get(tripleKey(q.subject.value, q.predicate.value, q.object)), `${q.subject.value} ${q.object.value}`).toBeDefined();
    const funder = parsed.quads.find((q) => q.predicate.value === 'http://schema.org/funder')!.object;
    expect(parsed.triples.get(tripleKey(funder.value, 'http://schema.org/name', DataFactory.literal('anonymous')))).toEqual({ file: 'x.ttl', line: 8, column: 31 });
  });

  it('never gives two parses the same blank node', async () => {
    const labels = async () => new Set((await parseTurtle('[] <p:x> _:n .', 'x.ttl', 'https://example.org/', graph)).quads.flatMap((q) => [q.subject.value, q.object.value]));
    const [one, two] = [await labels(), await labels()];
    expect([...one].filter((label) => two.has(label))).toEqual([]);
  });

  it('reports the first error in the text, even when a lexical error follows it', async () => {
    const error = await parseTurtle('<a> <b> <c> <d> .\n<e> <f> "unterminated\n', 'x.ttl', 'https://example.org/', graph).catch((e) => e);
    expect(error.location).toEqual({ file: 'x.ttl', line: 1, column: 13 });
  });

  it('resolves relative IRIs against the given base', async () => {
    const { quads } = await parseTurtle('<> <#p> <#membership> .', 'x.ttl', S, graph);
    expect(quads[0].subject.value).toBe(S);
    expect(quads[0].object.value).toBe(`${S}#membership`);
  });

  it('rejects a syntax error with its line and column', async () => {
    const broken = 'PREFIX schema: <http://schema.org/>\n<a> schema:name "A"\n  schema:url <b> .\n';
    const error = await parseTurtle(broken, 'x.ttl', 'https://example.org/', graph).catch((e) => e);
    expect(error).toBeInstanceOf(TurtleSyntaxError);
    expect(error.kind).toBe('syntax');
    expect(error.location).toEqual({ file: 'x.ttl', line: 3, column: 3 });
  });

  it('tells an undefined prefix apart from other syntax errors', async () => {
    const error = await parseTurtle('<a> schem:name "A" .', 'x.ttl', 'https://example.org/', graph).catch((e) => e);
    expect(error.kind).toBe('unknown-prefix');
    expect(error.prefix).toBe('schem');
    expect(error.location).toEqual({ file: 'x.ttl', line: 1, column: 5 });
  });

  it('places a lexer error (no token) right after the last good token', async () => {
    const error = await parseTurtle('<a> <b> "unterminated\n', 'x.ttl', 'https://example.org/', graph).catch((e) => e);
    expect(error).toBeInstanceOf(TurtleSyntaxError);
    expect(error.location.line).toBe(1);
    expect(error.location.column).toBe(9);
  });
});
