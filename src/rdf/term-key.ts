// **term-key** gives an RDF term a string that is equal exactly when the terms are: for sets and maps of terms.
import type { Term } from '@rdfjs/types';

export function termKey(t: Term): string {
  if (t.termType === 'Literal') return `"${t.value}"@${t.language}^^${t.datatype.value}`;
  return `${t.termType}${t.value}`;
}
