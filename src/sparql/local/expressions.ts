// **expressions** evaluates the FILTER expressions that label, link and text-search queries use (LANG,
// langMatches, BOUND, sameTerm, isIRI…, = / != against a constant IRI or string, REGEX, CONTAINS, STRSTARTS,
// STRENDS with a constant pattern, LCASE, UCASE, STR) with SPARQL 1.1's error semantics and Comunica's
// reading of them, so that such filters run inside the local evaluator, next to the patterns they filter.
// `supportsExpression` says which expressions these are; any other one stays with Comunica.
import type { Term } from '@rdfjs/types';
import { DataFactory } from 'rdf-data-factory';
import type { AlgebraNode } from '../query.js';

export type Solution = Record<string, Term>;

/** true, false, or undefined for SPARQL's type error (which a FILTER reads as false). */
export type Truth = boolean | undefined;

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
const factory = new DataFactory();

interface Expression extends AlgebraNode {
  subType: string;
  operator?: string;
  args?: Expression[];
  term?: Term;
}

const BOOLEAN_OPERATORS = new Set(['&&', '||', '!', 'bound', 'sameterm', 'isiri', 'isuri', 'isblank', 'isliteral', 'langmatches', '=', '!=', 'regex', 'contains', 'strstarts', 'strends']);
const VALUE_OPERATORS = new Set(['lang', 'str', 'lcase', 'ucase']);
const STRING_TESTS: Record<string, (text: string, part: string) => boolean> = {
  contains: (text, part) => text.includes(part),
  strstarts: (text, part) => text.startsWith(part),
  strends: (text, part) => text.endsWith(part),
};

const isStringLiteral = (t: Term) => t.termType === 'Literal' && !t.language && t.datatype.value === XSD_STRING;
/** A string with or without a language: what the string functions accept. */
const isStringly = (t: Term) => t.termType === 'Literal' && (t.datatype.value === XSD_STRING || t.datatype.value === RDF_LANG_STRING);
const isStringConstant = (e: Expression | undefined) => e?.subType === 'term' && !!e.term && isStringLiteral(e.term);

/** The compiled REGEX of a constant pattern and flags, as Comunica compiles it (with the u flag); undefined if it cannot be. */
const regexes = new WeakMap<Expression, RegExp | null>();
function regexOf(e: Expression): RegExp | undefined {
  let compiled = regexes.get(e);
  if (compiled === undefined) {
    const [, pattern, flags] = e.args ?? [];
    compiled = null;
    const flagText = flags?.term?.value ?? '';
    // x and q rewrite the pattern first; those stay with Comunica.
    if (isStringConstant(pattern) && (!flags || isStringConstant(flags)) && /^(?!.*(.).*\1)[ims]*$/.test(flagText)) {
      try {
        compiled = new RegExp(pattern.term!.value, `${flagText}u`);
      } catch {
        compiled = null;
      }
    }
    regexes.set(e, compiled);
  }
  return compiled ?? undefined;
}

/** A constant the = and != operators can compare with exactly: an IRI, or a string without language. */
const isComparableConstant = (e: Expression) => e.subType === 'term' && !!e.term && (e.term.termType === 'NamedNode' || isStringLiteral(e.term));

function supportsValue(e: Expression): boolean {
  if (e.subType === 'term') return !!e.term && ['Variable', 'NamedNode', 'Literal'].includes(e.term.termType);
  return e.subType === 'operator' && VALUE_OPERATORS.has(e.operator ?? '') && (e.args ?? []).length === 1 && supportsValue(e.args![0]);
}

/** Whether `evaluateFilter` gives exactly SPARQL's answer for this expression. */
export function supportsExpression(node: AlgebraNode): boolean {
  const e = node as Expression;
  if (e.subType !== 'operator' || !BOOLEAN_OPERATORS.has(e.operator ?? '')) return false;
  const args = e.args ?? [];
  switch (e.operator) {
    case '&&':
    case '||':
      return args.length === 2 && args.every(supportsExpression);
    case '!':
      return args.length === 1 && supportsExpression(args[0]);
    case 'bound':
      return args.length === 1 && args[0].subType === 'term' && args[0].term?.termType === 'Variable';
    case '=':
    case '!=':
      return args.length === 2 && args.every(supportsValue) && args.some(isComparableConstant);
    case 'sameterm':
    case 'langmatches':
      return args.length === 2 && args.every(supportsValue);
    case 'regex':
      return (args.length === 2 || args.length === 3) && supportsValue(args[0]) && regexOf(e) !== undefined;
    case 'contains':
    case 'strstarts':
    case 'strends':
      return args.length === 2 && supportsValue(args[0]) && isStringConstant(args[1]);
    default:
      return args.length === 1 && supportsValue(args[0]);
  }
}

function value(e: Expression, solution: Solution): Term | undefined {
  if (e.subType === 'term') return e.term!.termType === 'Variable' ? solution[e.term!.value] : e.term;
  const arg = value(e.args![0], solution);
  if (!arg) return undefined;
  switch (e.operator) {
    case 'lang':
      return arg.termType === 'Literal' ? factory.literal(arg.language) : undefined;
    case 'lcase':
    case 'ucase': {
      if (!isStringly(arg)) return undefined;
      const text = e.operator === 'lcase' ? arg.value.toLowerCase() : arg.value.toUpperCase();
      return factory.literal(text, (arg.termType === 'Literal' && arg.language) || undefined);
    }
    default: // str
      return arg.termType === 'NamedNode' || arg.termType === 'Literal' ? factory.literal(arg.value) : undefined;
  }
}

/** RFC 4647 basic filtering, as SPARQL's langMatches defines it. */
function langMatches(tag: string, range: string): boolean {
  if (range === '*') return tag !== '';
  const t = tag.toLowerCase();
  const r = range.toLowerCase();
  return t === r || t.startsWith(`${r}-`);
}

/** RDFterm-equal restricted to a comparison with an IRI or a plain string (see supportsExpression). */
function equals(a: Term, b: Term): Truth {
  if (a.termType !== 'Literal' || b.termType !== 'Literal') return a.termType === b.termType && a.value === b.value;
  if (isStringLiteral(a) && isStringLiteral(b)) return a.value === b.value;
  // A string with a language is never equal to one without (as Comunica and SPARQL 1.2 decide).
  if ((isStringLiteral(a) && !!b.language) || (isStringLiteral(b) && !!a.language)) return false;
  // A string and a literal of another datatype: SPARQL 1.1 cannot tell whether the values are equal (§17.4.1.7).
  return undefined;
}

export function evaluateFilter(node: AlgebraNode, solution: Solution): Truth {
  const e = node as Expression;
  const args = e.args!;
  switch (e.operator) {
    case '&&':
    case '||': {
      // The value that decides alone (false for &&, true for ||) wins even over an error (§17.2).
      const decisive = e.operator === '||';
      const a = evaluateFilter(args[0], solution);
      if (a === decisive) return decisive;
      const b = evaluateFilter(args[1], solution);
      if (b === decisive) return decisive;
      return a === undefined || b === undefined ? undefined : !decisive;
    }
    case '!': {
      const a = evaluateFilter(args[0], solution);
      return a === undefined ? undefined : !a;
    }
    case 'bound':
      return solution[args[0].term!.value] !== undefined;
  }
  if (e.operator === 'regex' || Object.hasOwn(STRING_TESTS, e.operator!)) {
    const text = value(args[0], solution);
    if (!text || !isStringly(text)) return undefined;
    return e.operator === 'regex' ? regexOf(e)!.test(text.value) : STRING_TESTS[e.operator!](text.value, args[1].term!.value);
  }
  const values = args.map((arg) => value(arg, solution));
  if (values.some((v) => v === undefined)) return undefined;
  const [a, b] = values as Term[];
  switch (e.operator) {
    case '=':
      return equals(a, b);
    case '!=': {
      const eq = equals(a, b);
      return eq === undefined ? undefined : !eq;
    }
    case 'sameterm':
      return a.equals(b);
    case 'isiri':
    case 'isuri':
      return a.termType === 'NamedNode';
    case 'isblank':
      return a.termType === 'BlankNode';
    case 'isliteral':
      return a.termType === 'Literal';
    case 'langmatches':
      return isStringLiteral(a) && isStringLiteral(b) ? langMatches(a.value, b.value) : undefined;
  }
  return undefined;
}
