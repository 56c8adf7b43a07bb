// **source-map** answers "where is this written?" for subjects, (subject, predicate) pairs and single triples.
// The validator uses it to place findings; pages use it for "edit this entry" links.
import type { Term } from 'n3';
import { statementKey, tripleKey, type Location, type ParsedTurtle } from './parse-turtle.js';
import type { SourceFile } from './sources.js';

export class SourceMap {
  private readonly subjects: Map<string, Location>;
  private readonly statements: Map<string, Location>;
  private readonly triples = new Map<string, Location>();
  private readonly files: Map<string, SourceFile>;
  private readonly fileOfSubject: Map<string, SourceFile>;

  /** A new map, or one that shares `from`'s subjects, statements and files (see withoutTriples). */
  constructor(from?: SourceMap) {
    this.subjects = from?.subjects ?? new Map();
    this.statements = from?.statements ?? new Map();
    this.files = from?.files ?? new Map();
    this.fileOfSubject = from?.fileOfSubject ?? new Map();
  }

  add(file: SourceFile, parsed: ParsedTurtle): void {
    this.files.set(file.display, file);
    for (const [subject, location] of parsed.subjects) {
      if (!this.subjects.has(subject)) {
        this.subjects.set(subject, location);
        this.fileOfSubject.set(subject, file);
      }
    }
    for (const [key, location] of parsed.statements) if (!this.statements.has(key)) this.statements.set(key, location);
    for (const [key, location] of parsed.triples) if (!this.triples.has(key)) this.triples.set(key, location);
  }

  /**
   * The same map without the location of every single triple, which only the validator needs to place its
   * findings: a served graph keeps subjects and (subject, predicate) pairs, a third of the entries at most.
   */
  withoutTriples(): SourceMap {
    return new SourceMap(this);
  }

  /** The most precise location known: the triple, else the (subject, predicate) pair, else the subject. */
  locate(subject: string, predicate?: string, object?: Term): Location | undefined {
    if (predicate && object) {
      const exact = this.triples.get(tripleKey(subject, predicate, object));
      if (exact) return exact;
    }
    if (predicate) {
      const statement = this.statements.get(statementKey(subject, predicate));
      if (statement) return statement;
    }
    return this.subjects.get(subject);
  }

  /** The file that first describes `subject`. */
  fileOf(subject: string): SourceFile | undefined {
    return this.fileOfSubject.get(subject);
  }

  file(display: string): SourceFile | undefined {
    return this.files.get(display);
  }
}
