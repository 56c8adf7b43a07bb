// **parse-turtle** parses one Turtle document with n3 and remembers where each statement was written,
// so that every later finding (SHACL, links, paths) can point a contributor at a file, line and column.
import { DataFactory, Parser, type Quad, type NamedNode, type Term } from 'n3';

export interface Location {
  /** Path as the contributor sees it (relative to the working directory). */
  file: string;
  line: number;
  /** 1-based. */
  column: number;
}

export interface ParsedTurtle {
  quads: Quad[];
  /** Where each subject is first written (its own token). */
  subjects: Map<string, Location>;
  /** Where each statement about a subject starts, when it is written in more than one block (a pasted copy…). */
  blocks?: Map<string, Location[]>;
  /**
   * Where each (subject, predicate) pair is first written: its predicate token. Found on first use, by reading
   * the text again (as `triples`): only a finding asks, and at 1M triples these two maps were most of a load's
   * memory (about 600 MB of 900).
   */
  readonly statements: ReadonlyMap<string, Location>;
  /** Where each triple is written: the token of its object. Found on first use (see `statements`). */
  readonly triples: ReadonlyMap<string, Location>;
}

export type SyntaxKind = 'syntax' | 'unknown-prefix';

export class TurtleSyntaxError extends Error {
  constructor(
    message: string,
    readonly location: Location,
    readonly kind: SyntaxKind,
    readonly prefix?: string,
  ) {
    super(message);
    this.name = 'TurtleSyntaxError';
  }
}

export function statementKey(subject: string, predicate: string): string {
  return `${subject}\u0000${predicate}`;
}

export function tripleKey(subject: string, predicate: string, object: Term): string {
  return `${statementKey(subject, predicate)}\u0000${object.termType}\u0000${object.value}`;
}

interface Token {
  type: string;
  line: number;
  start?: number;
  end?: number;
}

// n3 emits a quad when it reads the token after it, so the token at hand is not where the statement is.
// Subjects are found from the documented token stream: the first token of each statement (after a "."
// or a declaration). Predicates and objects are recognised by the reader n3 is about to call, which is
// internal to n3: the version is pinned and tests/graph/parse-turtle.test.ts covers it.
interface ParserInternals {
  _readCallback: unknown;
  _readObject: unknown;
  _readPredicate: unknown;
}

/** Follows the token stream to tell which tokens start a statement. */
function statementStarts() {
  let expectSubject = true;
  let skip = 0;
  return (token: { type: string }): boolean => {
    if (skip > 0) {
      skip--;
      expectSubject = skip === 0;
      return false;
    }
    if (token.type === '.') {
      expectSubject = true;
      return false;
    }
    // SPARQL-style declarations have no final dot: PREFIX p: <iri>, BASE <iri>.
    if (token.type === 'PREFIX') return ((skip = 2), (expectSubject = false));
    if (token.type === 'BASE') return ((skip = 1), (expectSubject = false));
    if (token.type.startsWith('@')) return (expectSubject = false);
    const starts = expectSubject;
    expectSubject = false;
    return starts;
  };
}

/** Tells each parse its own blank node labels (see labelledFactory). */
let parses = 0;

/**
 * n3's factory, with blank node labels that depend only on the parse's own tag and the text: a second reading
 * of the same text (for the locations, see ParsedTurtle.statements) names its blank nodes as the first did.
 * n3 numbers `[ … ]` and list nodes with one counter for the whole process. Named ones (`_:x`) become `<tag>_x`
 * through blankNodePrefix, anonymous ones `<tag>a<n>`: neither can take the other's form, nor another tag's.
 * `quad` is where n3 hands each statement over: it goes into the file's graph there, at the token being read.
 */
function labelledFactory(tag: string, graph: NamedNode, emitted: (quad: Quad) => void): typeof DataFactory {
  let anonymous = 0;
  return {
    ...DataFactory,
    blankNode: (name?: string) => DataFactory.blankNode(name ?? `${tag}a${anonymous++}`),
    quad: (subject: Quad['subject'], predicate: Quad['predicate'], object: Quad['object']) => {
      // Each file is its own named graph, so that every triple knows the file it came from.
      const quad = DataFactory.quad(subject, predicate, object, graph);
      emitted(quad);
      return quad;
    },
  } as typeof DataFactory;
}

interface Scanned {
  quads: Quad[];
  subjects: Map<string, Location>;
  blocks: Map<string, Location[]>;
  statements?: Map<string, Location>;
  triples?: Map<string, Location>;
}

/**
 * A parser that follows where each statement is written, and what it found. `full` also records each
 * (subject, predicate) pair and each triple, instead of keeping the quads.
 */
function tracked(file: string, baseIri: string, graph: NamedNode, tag: string, full: boolean) {
  const found: Scanned = { quads: [], subjects: new Map(), blocks: new Map(), ...(full ? { statements: new Map(), triples: new Map() } : {}) };
  const { quads, subjects, blocks, statements, triples } = found;
  let newStatement = false;
  let current: Token | undefined;
  let subjectToken: Token | undefined;
  let predicateToken: Token | undefined;
  let objectToken: Token | undefined;
  const startsStatement = statementStarts();
  const at = (token: Token | undefined): Location => ({
    file,
    line: token?.line ?? 1,
    column: (token?.start ?? 0) + 1,
  });
  const emitted = (quad: Quad) => {
    const s = quad.subject.value;
    if (!subjects.has(s)) subjects.set(s, at(subjectToken ?? current));
    // The first named subject after a statement starts is that statement's (nested [ … ] quads may come first).
    if (newStatement && quad.subject.termType === 'NamedNode') {
      blocks.set(s, [...(blocks.get(s) ?? []), at(subjectToken)]);
      newStatement = false;
    }
    if (!full) return void quads.push(quad);
    const key = statementKey(s, quad.predicate.value);
    if (!statements!.has(key)) statements!.set(key, at(predicateToken ?? current));
    const tkey = tripleKey(s, quad.predicate.value, quad.object);
    if (!triples!.has(tkey)) triples!.set(tkey, at(objectToken ?? current));
  };
  const parser = new Parser({ baseIRI: baseIri, format: 'text/turtle', blankNodePrefix: `${tag}_`, factory: labelledFactory(tag, graph, emitted) });
  const internals = parser as unknown as ParserInternals;
  return {
    parser,
    onToken: (token: Token) => {
      current = token;
      const reader = internals._readCallback;
      if (startsStatement(token)) [subjectToken, newStatement] = [token, true];
      else if (reader === internals._readPredicate) predicateToken = token;
      else if (reader === internals._readObject) objectToken = token;
    },
    found: () => {
      for (const [subject, starts] of blocks) if (starts.length < 2) blocks.delete(subject);
      return found;
    },
  };
}

/**
 * Parses `source` as Turtle into `graph`. Relative IRIs resolve against `baseIri`. Given as a function, the text
 * is asked for again when the locations are (and not kept in between: see shareTexts).
 * Rejects with a {@link TurtleSyntaxError} carrying the location of the first error.
 * `tag` starts the labels of its blank nodes: by default one no other parse in the process has; a caller that
 * parses a whole dataset gives each file its place in it, so that the same files get the same labels at every
 * load (the shapes' results are then known again by their batches' content: see shacl.ts).
 */
export function parseTurtle(source: string | (() => string), file: string, baseIri: string, graph: NamedNode, tag = `t${parses++}`): Promise<ParsedTurtle> {
  const text = typeof source === 'string' ? source : source();
  const reread = typeof source === 'string' ? () => source : source;
  const first = tracked(file, baseIri, graph, tag, false);
  return new Promise((resolve, reject) => {
    first.parser.parse(text, {
      onToken: first.onToken,
      onQuad: (error: Error | null, quad: Quad | null) => {
        if (error) return reject(toSyntaxError(error, file));
        if (quad) return;
        const { quads, subjects, blocks } = first.found();
        resolve(locatedLater({ quads, subjects, blocks }, reread, file, baseIri, graph, tag));
      },
    } as Parameters<Parser['parse']>[1]);
  });
}

/**
 * The statements' and triples' locations, found by reading the text again when first asked. A function of its
 * own so that what it keeps is only what it names: the first reading's parser and quads go once it ends.
 */
function locatedLater(read: Omit<ParsedTurtle, 'statements' | 'triples'>, text: () => string, file: string, baseIri: string, graph: NamedNode, tag: string): ParsedTurtle {
  let located: Scanned | undefined;
  const locations = () => {
    if (located) return located;
    // The text parsed once already, so this reading cannot fail. It is synchronous (no onQuad: n3 then parses
    // at once instead of a microtask later), which the first one cannot be: there n3 would lex the whole text
    // before parsing it, and a lexical error would hide a grammar error written before it.
    const again = tracked(file, baseIri, graph, tag, true);
    (again.parser as unknown as { parse(text: string, callbacks: { onToken: (token: Token) => void }): Quad[] }).parse(text(), { onToken: again.onToken });
    return (located = again.found());
  };
  // Getters, not fields: copying the object (a spread, structured clone) would read the file again.
  return Object.defineProperties(read, {
    statements: { get: () => locations().statements!, enumerable: false },
    triples: { get: () => locations().triples!, enumerable: false },
  }) as ParsedTurtle;
}

interface N3ErrorContext {
  token?: Token;
  line?: number;
  previousToken?: Token;
}

function toSyntaxError(error: Error & { context?: N3ErrorContext }, file: string): TurtleSyntaxError {
  const context = error.context ?? {};
  const token = context.token;
  const line = token?.line ?? context.line ?? 1;
  let column = 1;
  if (token?.start !== undefined) column = token.start + 1;
  // A lexer error has no token: it starts right after the last good token when that is on the same line.
  else if (context.previousToken?.line === line && context.previousToken.end !== undefined) column = context.previousToken.end + 2;
  const message = error.message.replace(/ on line \d+\.$/, '').replace(/\.$/, '');
  const undefinedPrefix = /^Undefined prefix "([^"]*):"/.exec(message);
  const location = { file, line, column };
  return undefinedPrefix
    ? new TurtleSyntaxError(message, location, 'unknown-prefix', undefinedPrefix[1])
    : new TurtleSyntaxError(message, location, 'syntax');
}
