// shacl-engine ships no types: the part of its API that shacl.ts uses.
declare module 'shacl-engine' {
  import type { DataFactory, DatasetCore, Term } from '@rdfjs/types';
  export class Validator {
    constructor(shapes: DatasetCore, options: { factory: DataFactory; details?: boolean; debug?: boolean });
    validate(data: { dataset: DatasetCore; terms?: Iterable<Term> }): Promise<{ conforms: boolean; results: unknown[] }>;
  }
}
