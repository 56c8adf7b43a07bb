// **shacl** runs the shapes of ontology/shapes.ttl over the graph with shacl-engine
// and turns each result into a finding placed at the file and line where its focus node and path are written.
import { Validator } from 'shacl-engine';
import Context from 'shacl-engine/lib/Context.js';
import { DataFactory, Store, type Quad, type Term } from 'n3';
import { PREFIXES, entityPrefixes, shorten } from '../rdf/namespaces.js';
import type { SourceMap } from '../graph/source-map.js';
import type { QuadStore } from '../graph/compact-store.js';
import type { Location } from '../graph/parse-turtle.js';
import type { Finding } from './finding.js';
import { suggestion, type Lang } from './messages.js';
import { nearest } from './nearest.js';
import { shapeBatches, valueReads, type BatchInput, type EngineDataset } from './shape-batches.js';

const SH = PREFIXES.sh;

interface ShaclResult {
  message: Term[];
  path: Term | null;
  focusNode: Term;
  severity: Term;
  sourceConstraintComponent: Term;
  sourceShape: Term;
  value: Term | null;
}

/** The parts of a shacl-engine result this module reads (the library ships no types). */
interface EngineResult {
  message: Term[];
  path?: Array<{ quantifier: string; start: string; predicates: Term[] }>;
  focusNode: { term: Term };
  severity: Term;
  constraintComponent: Term;
  shape: { ptr: { term: Term } };
  value?: { term: Term };
}

/** A result path that is one plain predicate is named; any other path (inverse, sequence…) is not. */
function simplePath(path: EngineResult['path']): Term | null {
  if (!path?.length) return null;
  const [step] = path;
  if (path.length === 1 && step.quantifier === 'one' && step.start === 'subject' && step.predicates.length === 1) return step.predicates[0];
  return DataFactory.blankNode();
}

function fromEngine(result: EngineResult): ShaclResult {
  return {
    message: result.message,
    path: simplePath(result.path),
    focusNode: result.focusNode.term,
    severity: result.severity,
    sourceConstraintComponent: result.constraintComponent,
    sourceShape: result.shape.ptr.term,
    value: result.value?.term ?? null,
  };
}

export interface ShapeOptions {
  /** Check the whole graph at once rather than batch by batch: the same findings, slower at scale. */
  wholeGraph?: boolean;
  /** About how many quads a batch holds (see shape-batches.ts). */
  batchQuads?: number;
}

export type ShapeChecker = (input: BatchInput, sourceMap: SourceMap, baseIri: string, lang: Lang, options?: ShapeOptions) => Promise<Finding[]>;

/** Compiles the shapes once; checking is then a function of the data. */
export function createShapeChecker(shapeQuads: Quad[]): ShapeChecker {
  const shapes = new Store(shapeQuads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object)));
  // sh:class reads the subclass axioms in the shapes graph, which is why uc.ttl rides along with shapes.ttl.
  const validator = new Validator(shapes, { factory: DataFactory });
  const reads = valueReads(shapes);
  return async (input, sourceMap, baseIri, lang, options = {}) => {
    const results = (reads && !options.wholeGraph && await validateInBatches(validator, input, reads, options.batchQuads)) || await validateEach(validator, asDataset(input.union));
    return (results as EngineResult[]).map((result) => toFinding(fromEngine(result), { data: input.union, shapes, sourceMap, baseIri, lang }));
  };
}

/** The results batch by batch (see shape-batches.ts), or undefined when a subject is described in two batches. */
async function validateInBatches(validator: Validator, input: BatchInput, reads: Set<string>, batchQuads?: number): Promise<unknown[] | undefined> {
  const results: unknown[] = [];
  const batches = shapeBatches(input, reads, batchQuads);
  for (let next = batches.next(); ; next = batches.next()) {
    if (next.done) return next.value ? results : undefined;
    results.push(...await validateEach(validator, next.value.dataset, next.value.describes));
  }
}

/**
 * shacl-engine's Validator.validate, but forgetting after each target node which checks it has made. The engine
 * remembers every check (shape, node, and the quads of the path to it, written out in N-Triples) to stop cycles
 * and to replay repeats; over a whole dataset that set grows with every node and every value, millions of long
 * strings at 1M triples: the loading thread went past 2 GB, and every garbage collection walked them, so
 * validation grew faster than the data. Forgetting between target nodes changes no result: a cycle stays within
 * one target's checks, and a check met again from another target is run again instead of replayed.
 */
async function validateEach(validator: Validator, dataset: EngineDataset, isFocus: (node: Term) => boolean = () => true): Promise<unknown[]> {
  const PathList = validator.shapesPtr.constructor as new (options: object) => unknown;
  const context = new Context({ factory: DataFactory, focusNode: new PathList({ dataset, factory: DataFactory }), options: validator.options, validator });
  for (const shape of validator.shapes.values()) {
    const shapeContext = context.create({ shape });
    for (const focusNode of await shape.resolveTargets(shapeContext)) {
      if (!isFocus((focusNode as { term: Term }).term)) continue;
      await shape.validate(shapeContext.create({ focusNode }));
      context.processed.clear();
      context.results.clear();
    }
  }
  return context.report.results;
}

/**
 * What the engine reads of the data: `match` (s, p, o, g), iterated at once. A QuadStore yields its matches
 * without building an n3 Dataset for each pattern.
 */
function asDataset(data: QuadStore): EngineDataset {
  return {
    get size() {
      return data.size;
    },
    match: (s?: Term | null, p?: Term | null, o?: Term | null, g?: Term | null) => {
      const quads = data.getQuads(s ?? null, p ?? null, o ?? null, g ?? null);
      return Object.assign(quads, { size: quads.length });
    },
  };
}

/** The predicates a closed shape allows, to suggest the one a typo was meant to be. */
function allowedPredicates(shapes: Store, shape: Term): string[] {
  return shapes
    .getQuads(shape, `${SH}property`, null, null)
    .flatMap((q) => shapes.getQuads(q.object, `${SH}path`, null, null))
    .filter((q) => q.object.termType === 'NamedNode')
    .map((q) => q.object.value);
}

interface ResultContext {
  data: QuadStore;
  shapes: Store;
  sourceMap: SourceMap;
  baseIri: string;
  lang: Lang;
}

function toFinding(result: ShaclResult, { data, shapes, sourceMap, baseIri, lang }: ResultContext): Finding {
  const short = (iri: string) => shorten(iri, entityPrefixes(baseIri));
  const component = result.sourceConstraintComponent.value.replace(SH, '').replace(/ConstraintComponent$/, '');
  const path = result.path?.termType === 'NamedNode' ? result.path.value : undefined;
  const { subject, predicate } = namedAnchor(result.focusNode, path, data);
  // A predicate that is not allowed at all is best shown at the predicate, not at its value.
  const value = component === 'Closed' ? undefined : (result.value ?? undefined);
  const location: Location =
    sourceMap.locate(subject, predicate, value) ??
    sourceMap.locate(subject) ?? { file: '(unknown file)', line: 1, column: 1 };
  const focus = result.focusNode.termType === 'NamedNode' ? short(result.focusNode.value) : 'a blank node';
  const written = pickLanguage(result.message, lang);
  const detail = explain(component, path ? short(path) : undefined, result.value, lang, short, result.focusNode.termType === 'BlankNode');
  if (component === 'Closed' && path) {
    const closest = nearest(path, allowedPredicates(shapes, result.sourceShape));
    detail.hint = `${suggestion(lang, closest && short(closest))}${detail.hint}`;
  }
  return {
    code: 'shacl',
    severity: result.severity.value === `${SH}Warning` || result.severity.value === `${SH}Info` ? 'warning' : 'error',
    location,
    message: `${focus}: ${written ?? detail.message}`,
    hint: detail.hint,
    focus: result.focusNode.value,
    path,
    value: result.value?.value,
    constraint: component,
  };
}

/**
 * Blank nodes have no line of their own that a contributor would recognise, so a finding on one
 * is placed on the named subject that points to it, through the predicate that does.
 */
function namedAnchor(focus: Term, path: string | undefined, data: QuadStore): { subject: string; predicate?: string } {
  let node: Term = focus;
  let predicate = path;
  for (let depth = 0; node.termType === 'BlankNode' && depth < 8; depth++) {
    const parent = data.getQuads(null, null, node, null)[0];
    if (!parent) break;
    node = parent.subject;
    predicate = parent.predicate.value;
  }
  return { subject: node.value, predicate };
}

/** Our shapes tag every sh:message with fr and en; an untagged message is the library's generic default. */
function pickLanguage(messages: Term[], lang: Lang): string | undefined {
  const tagged = (l: string) => messages.find((m) => m.termType === 'Literal' && (m as { language?: string }).language === l)?.value;
  return tagged(lang) ?? tagged(lang === 'fr' ? 'en' : 'fr');
}

/** Plain-language sentences for the constraint kinds, used when a shape gives no sh:message. */
function explain(
  component: string,
  path: string | undefined,
  value: Term | null,
  lang: Lang,
  short: (iri: string) => string,
  blankFocus: boolean,
): { message: string; hint: string } {
  const p = path ?? (lang === 'fr' ? 'cette propriété' : 'this property');
  const v = !value ? '' : value.termType === 'NamedNode' ? short(value.value) : value.termType === 'BlankNode' ? '[ … ]' : JSON.stringify(value.value);
  const fr = lang === 'fr';
  switch (component) {
    case 'Closed':
      return fr
        ? { message: `${p} n'est pas une propriété prévue pour ce type de fiche`, hint: 'vérifiez l\'orthographe ; les propriétés permises sont listées dans ontology/shapes.ttl' }
        : { message: `${p} is not a property this kind of entry may have`, hint: 'check the spelling; the allowed properties are listed in ontology/shapes.ttl' };
    case 'MinCount':
    case 'QualifiedMinCount':
      return fr ? { message: `${p} manquant`, hint: `ajoutez ${p} à cette fiche` } : { message: `missing ${p}`, hint: `add ${p} to this entry` };
    case 'MaxCount':
    case 'QualifiedMaxCount':
      return fr ? { message: `trop de valeurs pour ${p}`, hint: `gardez une seule valeur de ${p}` } : { message: `too many values for ${p}`, hint: `keep a single value of ${p}` };
    case 'Class':
      return fr
        ? { message: `${v} n'est pas du type attendu pour ${p}`, hint: 'pointez vers une fiche de l\'annuaire du bon type (actor:…, commons:…)' }
        : { message: `${v} is not of the type expected for ${p}`, hint: 'point to a directory entry of the right kind (actor:…, commons:…)' };
    case 'NodeKind':
      if (blankFocus && !path) {
        return fr
          ? { message: 'nœud anonyme', hint: 'donnez-lui son propre IRI, p. ex. <…/id/actors/exemple#membership-usages-communs>' }
          : { message: 'blank node', hint: 'give it its own IRI, e.g. <…/id/actors/example#membership-usages-communs>' };
      }
      return fr
        ? { message: `${p} : valeur de mauvaise nature (${v})`, hint: 'un lien s\'écrit <https://…> ou prefixe:nom, un texte entre guillemets' }
        : { message: `${p}: value of the wrong kind (${v})`, hint: 'a link is written <https://…> or prefix:name, a text in quotes' };
    case 'Datatype':
      return fr
        ? { message: `${p} : type de valeur inattendu (${v})`, hint: 'typez la valeur, p. ex. "2024"^^xsd:gYear' }
        : { message: `${p}: unexpected value type (${v})`, hint: 'type the value, e.g. "2024"^^xsd:gYear' };
    case 'Node':
      if (value?.termType === 'BlankNode') {
        return fr
          ? { message: `${p} : la description imbriquée n'a pas la forme attendue`, hint: 'voir la forme attendue dans ontology/shapes.ttl' }
          : { message: `${p}: the nested description does not have the expected form`, hint: 'see the expected form in ontology/shapes.ttl' };
      }
    // falls through: a named value outside the allowed list
    case 'In':
    case 'HasValue':
      return fr
        ? { message: `${p} : ${v} ne fait pas partie des valeurs permises`, hint: 'choisissez une valeur dans les listes de ontology/schemes/' }
        : { message: `${p}: ${v} is not one of the allowed values`, hint: 'choose a value from the lists in ontology/schemes/' };
    case 'LanguageIn':
    case 'UniqueLang':
      return fr
        ? { message: `${p} : langue absente, non permise ou en double`, hint: 'une valeur par langue, avec @fr ou @en' }
        : { message: `${p}: language missing, not allowed or repeated`, hint: 'one value per language, tagged @fr or @en' };
    case 'Pattern':
      return fr ? { message: `${p} : ${v} n'a pas la forme attendue`, hint: 'voir ontology/shapes.ttl pour la forme attendue' } : { message: `${p}: ${v} does not have the expected form`, hint: 'see ontology/shapes.ttl for the expected form' };
    default:
      return fr
        ? { message: `${p} : contrainte ${component} non respectée`, hint: 'voir ontology/shapes.ttl' }
        : { message: `${p}: ${component} constraint not met`, hint: 'see ontology/shapes.ttl' };
  }
}
