// shacl-engine ships no types: the part of its API that shacl.ts uses.
declare module 'shacl-engine' {
  import type { DataFactory, DatasetCore } from '@rdfjs/types';
  export interface EngineShape {
    resolveTargets(context: EngineContext): Promise<Iterable<unknown>>;
    validate(context: EngineContext): Promise<unknown>;
  }
  export interface EngineContext {
    processed: Set<string>;
    results: Map<string, unknown>;
    report: { results: unknown[] };
    create(options: { shape?: EngineShape; focusNode?: unknown }): EngineContext;
  }
  export class Validator {
    constructor(shapes: DatasetCore, options: { factory: DataFactory; details?: boolean; debug?: boolean });
    readonly options: object;
    readonly shapes: Map<unknown, EngineShape>;
    /** A grapoi PathList over the shapes; its class makes the one over the data. */
    readonly shapesPtr: object;
  }
}
declare module 'shacl-engine/lib/Context.js' {
  import type { DataFactory } from '@rdfjs/types';
  import type { EngineContext, Validator } from 'shacl-engine';
  const Context: new (options: { factory: DataFactory; focusNode: unknown; options: object; validator: Validator }) => EngineContext;
  export default Context;
}
