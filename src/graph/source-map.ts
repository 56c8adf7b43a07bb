// **source-map** answers "where is this written?" for subjects, (subject, predicate) pairs and single triples.
// The validator uses it to place findings; pages use it for "edit this entry" links.
import type { Term } from 'n3';
import { statementKey, tripleKey, type Location, type ParsedTurtle } from './parse-turtle.js';
import type { SourceFile } from './sources.js';

/** One file's locations, as its parse found them (kept by reference: copying them would double their memory). */
interface FileLocations {
  file: SourceFile;
  subjects: ReadonlyMap<string, Location>;
  statements: ReadonlyMap<string, Location>;
  triples?: ReadonlyMap<string, Location>;
}

export class SourceMap {
  private readonly files = new Map<string, SourceFile>();
  /** The files that write about each subject, in load order: the first one describes it. */
  private readonly bySubject = new Map<string, FileLocations[]>();

  /** A source map that crossed threads: structured clone keeps its fields (and shared objects), not its class. */
  static revive(copy: SourceMap): SourceMap {
    return Object.setPrototypeOf(copy, SourceMap.prototype) as SourceMap;
  }

  add(file: SourceFile, parsed: ParsedTurtle): void {
    this.files.set(file.display, file);
    const locations: FileLocations = { file, subjects: parsed.subjects, statements: parsed.statements, triples: parsed.triples };
    for (const subject of parsed.subjects.keys()) {
      const list = this.bySubject.get(subject);
      if (list) list.push(locations);
      else this.bySubject.set(subject, [locations]);
    }
  }

  /**
   * The same map without the location of every single triple, which only the validator needs to place its
   * findings: a served graph keeps subjects and (subject, predicate) pairs.
   */
  withoutTriples(): SourceMap {
    const lighter = new SourceMap();
    for (const [display, file] of this.files) lighter.files.set(display, file);
    const stripped = new Map<FileLocations, FileLocations>();
    for (const [subject, list] of this.bySubject) {
      lighter.bySubject.set(subject, list.map((l) => {
        let s = stripped.get(l);
        if (!s) stripped.set(l, (s = { file: l.file, subjects: l.subjects, statements: l.statements }));
        return s;
      }));
    }
    return lighter;
  }

  /** The most precise location known: the triple, else the (subject, predicate) pair, else the subject. */
  locate(subject: string, predicate?: string, object?: Term): Location | undefined {
    const list = this.bySubject.get(subject);
    if (!list) return undefined;
    if (predicate && object) {
      const key = tripleKey(subject, predicate, object);
      for (const l of list) {
        const exact = l.triples?.get(key);
        if (exact) return exact;
      }
    }
    if (predicate) {
      const key = statementKey(subject, predicate);
      for (const l of list) {
        const statement = l.statements.get(key);
        if (statement) return statement;
      }
    }
    return list[0].subjects.get(subject);
  }

  /** The file that first describes `subject`. */
  fileOf(subject: string): SourceFile | undefined {
    return this.bySubject.get(subject)?.[0].file;
  }

  file(display: string): SourceFile | undefined {
    return this.files.get(display);
  }
}
