// SPARQL 1.1's three-valued logic (§17.2) and the expressions the local evaluator accepts, on parsed queries.
import { describe, expect, it } from 'vitest';
import { DataFactory } from 'rdf-data-factory';
import { evaluateFilter, supportsExpression, type Solution } from '../../../src/sparql/local/expressions.js';
import { parseQuery, type AlgebraNode } from '../../../src/sparql/query.js';

const f = new DataFactory();

/** The expression of the query's first FILTER. */
function filterOf(condition: string): AlgebraNode {
  let found: AlgebraNode | undefined;
  const visit = (node: AlgebraNode) => {
    if (found || !node || typeof node !== 'object') return;
    if (node.type === 'filter') found = node.expression as AlgebraNode;
    for (const value of Object.values(node)) if (value && typeof value === 'object') visit(value as AlgebraNode);
  };
  visit(parseQuery(`PREFIX ex: <http://example.org/> SELECT * { ?s ?p ?o FILTER(${condition}) }`, 'http://example.org/').algebra);
  return found!;
}

const row: Solution = {
  iri: f.namedNode('http://example.org/a'),
  fr: f.literal('bonjour', 'fr'),
  frCa: f.literal('allô', 'fr-ca'),
  plain: f.literal('fr'),
  number: f.literal('1', f.namedNode('http://www.w3.org/2001/XMLSchema#integer')),
  blank: f.blankNode('b'),
};
const truth = (condition: string) => evaluateFilter(filterOf(condition), row);

describe('expressions', () => {
  it.each([
    ['LANG(?fr) = "fr"', true],
    ['LANG(?plain) = ""', true],
    ['LANG(?iri) = "fr"', undefined],
    ['LANG(?unbound) = "fr"', undefined],
    ['langMatches(LANG(?frCa), "fr")', true],
    ['langMatches(LANG(?frCa), "FR-ca")', true],
    ['langMatches(LANG(?fr), "fr-ca")', false],
    ['langMatches(LANG(?plain), "*")', false],
    ['langMatches(?iri, "*")', undefined],
    ['?iri = ex:a', true],
    ['?iri != ex:a', false],
    ['?fr = ex:a', false],
    ['?plain = "fr"', true],
    ['?fr = "bonjour"', false],
    ['?number = "1"', undefined],
    ['?number != "1"', undefined],
    ['STR(?iri) = "http://example.org/a"', true],
    ['STR(?blank) = "b"', undefined],
    ['BOUND(?unbound)', false],
    ['!BOUND(?unbound)', true],
    ['sameTerm(?iri, ex:a)', true],
    ['isIRI(?iri) && isBlank(?blank) && isLiteral(?fr)', true],
    ['isIRI(?unbound)', undefined],
    ['REGEX(?fr, "^BON", "i")', true],
    ['REGEX(?iri, "a")', undefined],
    ['REGEX(?number, "1")', undefined],
    ['CONTAINS(LCASE(?frCa), "all")', true],
    ['STRSTARTS(UCASE(?plain), "F") && STRENDS(?plain, "r")', true],
    ['CONTAINS(?iri, "a")', undefined],
  ])('%s is %s', (condition, expected) => {
    expect(truth(condition)).toBe(expected);
  });

  it('follows the truth tables of && || and ! with errors', () => {
    const [E, T, F] = ['LANG(?iri) = ""', 'isIRI(?iri)', 'isBlank(?iri)'];
    expect([truth(`${E} || ${T}`), truth(`${T} || ${E}`), truth(`${E} || ${F}`), truth(`${F} || ${F}`)]).toEqual([true, true, undefined, false]);
    expect([truth(`${E} && ${F}`), truth(`${F} && ${E}`), truth(`${E} && ${T}`), truth(`${T} && ${T}`)]).toEqual([false, false, undefined, true]);
    expect(truth(`!(${E})`)).toBeUndefined();
  });

  it.each([
    ['REGEX(?o, "a")', true],
    ['REGEX(STR(?o), "^a", "is")', true],
    ['REGEX(?o, "(")', false],
    ['REGEX(?o, "a", "x")', false],
    ['REGEX(?o, "a", "ii")', false],
    ['REGEX(?o, ?p)', false],
    ['CONTAINS(LCASE(?o), "a")', true],
    ['CONTAINS(?o, "a"@fr)', false],
    ['?o = 1', false],
    ['?o = "x"@fr', false],
    ['?o < "x"', false],
    ['?o = ?p', false],
    ['EXISTS { ?s ?p ?o }', false],
    ['ex:fn(?o)', false],
    ['?o', false],
    ['LANG(?o) = "fr" && (isIRI(?s) || !BOUND(?p))', true],
  ])('accepts %s locally: %s', (condition, expected) => {
    expect(supportsExpression(filterOf(condition))).toBe(expected);
  });
});
