// **codepoint-order** makes Comunica compare strings as SPARQL says: by Unicode code point (fn:compare with
// the codepoint collation), in ORDER BY, MIN, MAX, < > <= >= and =. Comunica 5.4 compares simple strings with
// localeCompare, so that "à" sorts as "a" and "e\u0301" equals "é"; and JavaScript's < compares UTF-16 code
// units, which puts characters beyond U+FFFF before U+E000–U+FFFF. Imported for its effect, by the executor,
// before any query runs. The faults are written up in docs/comunica-faults.md.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Compares two strings by code point: negative, zero or positive. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (D800–DFFF) stand for code points above FFFF: move them above E000–FFFF.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

interface EvaluatorTerm {
  termType: string;
  typedValue?: unknown;
  language?: string;
  value?: string;
}

interface Evaluator {
  context: { get(key: unknown): unknown };
}

type ApplyOnTerms = (this: unknown, args: EvaluatorTerm[], exprEval: Evaluator) => unknown;

const { TermFunctionLesserThan } = require('@comunica/actor-function-factory-term-lesser-than');
const { TermFunctionEquality } = require('@comunica/actor-function-factory-term-equality');
// Not re-exported by the package's index.
const { TermComparatorExpressionEvaluator } = require('@comunica/actor-term-comparator-factory-expression-evaluator/lib/TermComparatorExpressionEvaluator.js');
const { StringLiteral, LangStringLiteral, bool } = require('@comunica/utils-expression-evaluator');
const { KeysExpressionEvaluator } = require('@comunica/context-entries');

const isSimple = (t: EvaluatorTerm) => t instanceof StringLiteral;
const isLanguage = (t: EvaluatorTerm) => t instanceof LangStringLiteral;

const lessThan: ApplyOnTerms = TermFunctionLesserThan.prototype.applyOnTerms;
TermFunctionLesserThan.prototype.applyOnTerms = function (this: unknown, args: EvaluatorTerm[], exprEval: Evaluator) {
  const [left, right] = args;
  if (args.length === 2 && isSimple(left) && isSimple(right)) return bool(compareCodePoints(left.typedValue as string, right.typedValue as string) < 0);
  // Tagged strings compare only where every term must be ordered (ORDER BY, MIN, MAX): text, then tag.
  if (args.length === 2 && isLanguage(left) && isLanguage(right) && exprEval.context.get(KeysExpressionEvaluator.fullTermComparison)) {
    const byText = compareCodePoints(left.typedValue as string, right.typedValue as string);
    return bool(byText < 0 || (byText === 0 && compareCodePoints(left.language!, right.language!) < 0));
  }
  return lessThan.call(this, args, exprEval);
};
// Terms of different datatypes, IRIs and blank nodes inside the operator fall back to this.
TermFunctionLesserThan.prototype.comparePrimitives = (a: unknown, b: unknown) => {
  if (typeof a === 'string' && typeof b === 'string') return Math.sign(compareCodePoints(a, b));
  return a === b ? 0 : (a as number) < (b as number) ? -1 : 1;
};

const equal: ApplyOnTerms = TermFunctionEquality.prototype.applyOnTerms;
TermFunctionEquality.prototype.applyOnTerms = function (this: unknown, args: EvaluatorTerm[], exprEval: Evaluator) {
  const [left, right] = args;
  if (args.length === 2 && isSimple(left) && isSimple(right)) return bool(left.typedValue === right.typedValue);
  return equal.call(this, args, exprEval);
};

// ORDER BY, MIN and MAX order IRIs and blank nodes by a fast path of their own.
const orderTypes = TermComparatorExpressionEvaluator.prototype.orderTypes as (this: unknown, a?: EvaluatorTerm, b?: EvaluatorTerm) => number;
TermComparatorExpressionEvaluator.prototype.orderTypes = function (this: unknown, a?: EvaluatorTerm, b?: EvaluatorTerm) {
  if (a && b && a.termType === b.termType && (a.termType === 'NamedNode' || a.termType === 'BlankNode')) return Math.sign(compareCodePoints(a.value!, b.value!));
  return orderTypes.call(this, a, b);
};
