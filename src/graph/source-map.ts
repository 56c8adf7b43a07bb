// **source-map** answers "where is this written?" for subjects, (subject, predicate) pairs and single triples.
// The validator uses it to place findings; pages use it for "edit this entry" links.
import type { Term } from 'n3';
import { statementKey, tripleKey, type Location, type ParsedTurtle } from './parse-turtle.js';
import type { SourceFile } from './sources.js';

/** One file's parse: its locations are found when first asked (see ParsedTurtle.statements). */
interface Written {
  file: SourceFile;
  parsed: ParsedTurtle;
}

export class SourceMap {
  private readonly files = new Map<string, SourceFile>();
  /** The file that first describes each subject: all a served graph asks (see forServing). */
  private readonly owners = new Map<string, SourceFile>();
  /** The files that write about each subject, in load order, with their parses: only while the files are checked. */
  private bySubject?: Map<string, Written[]> = new Map();

  /** A source map that crossed threads: structured clone keeps its fields (and shared objects), not its class. */
  static revive(copy: SourceMap): SourceMap {
    return Object.setPrototypeOf(copy, SourceMap.prototype) as SourceMap;
  }

  add(file: SourceFile, parsed: ParsedTurtle): void {
    this.files.set(file.display, file);
    const written: Written = { file, parsed };
    for (const subject of parsed.subjects.keys()) {
      const list = this.bySubject!.get(subject);
      if (list) list.push(written);
      else {
        this.bySubject!.set(subject, [written]);
        this.owners.set(subject, file);
      }
    }
  }

  /**
   * The same map with only which file describes each subject: placing findings needs the parses (and, when a
   * finding asks, the file read again for its locations); a served graph does not.
   */
  forServing(): SourceMap {
    const lighter = new SourceMap();
    for (const [display, file] of this.files) lighter.files.set(display, file);
    for (const [subject, file] of this.owners) lighter.owners.set(subject, file);
    lighter.bySubject = undefined;
    return lighter;
  }

  /** The most precise location known: the triple, else the (subject, predicate) pair, else the subject. */
  locate(subject: string, predicate?: string, object?: Term): Location | undefined {
    if (!this.bySubject) throw new Error('a served source map keeps no locations: locate() is for the validator');
    const list = this.bySubject.get(subject);
    if (!list) return undefined;
    if (predicate && object) {
      const key = tripleKey(subject, predicate, object);
      for (const { parsed } of list) {
        const exact = parsed.triples.get(key);
        if (exact) return exact;
      }
    }
    if (predicate) {
      const key = statementKey(subject, predicate);
      for (const { parsed } of list) {
        const statement = parsed.statements.get(key);
        if (statement) return statement;
      }
    }
    return list[0].parsed.subjects.get(subject);
  }

  /** The file that first describes `subject`. */
  fileOf(subject: string): SourceFile | undefined {
    return this.owners.get(subject);
  }

  file(display: string): SourceFile | undefined {
    return this.files.get(display);
  }
}
