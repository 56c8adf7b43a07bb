// **shacl** runs the shapes of ontology/shapes.ttl over the graph with shacl-engine
// and turns each result into a finding placed at the file and line where its focus node and path are written.
import { createHash } from 'node:crypto';
import { termToId, type Quad, type Store, type Term } from 'n3';
import { PREFIXES, entityPrefixes, shorten } from '../rdf/namespaces.js';
import type { SourceMap } from '../graph/source-map.js';
import type { QuadStore } from '../graph/compact-store.js';
import type { Location } from '../graph/parse-turtle.js';
import type { Finding } from './finding.js';
import { suggestion, type Lang } from './messages.js';
import { nearest } from './nearest.js';
import { BATCH_QUADS, batchDigest, encodeBatches, framed, type BatchInput, type EncodedBatch } from './shape-batches.js';
import { asDataset, checkBatch, compileShapes, decodeResult, encodeResult, validateEach, type CompiledShapes, type EncodedResult, type ShaclResult } from './shape-engine.js';
import { startShapeThread, type ShapeThread } from './shape-thread.js';

const SH = PREFIXES.sh;

export interface ShapeOptions {
  /** Check the whole graph at once rather than batch by batch: the same findings, slower at scale. */
  wholeGraph?: boolean;
  /** About how many quads a batch holds (see shape-batches.ts). */
  batchQuads?: number;
  /**
   * Check the batches in a thread of their own; by default, when the data makes more than THREAD_FROM batches.
   * Every garbage collection costs more as the heap it runs in grows, and the loading thread's holds the whole
   * graph: at 1M triples its collections took a quarter of the shapes' time. The shapes' thread holds a batch.
   */
  thread?: boolean;
  /** What an earlier check found, batch by batch: batches whose content has not changed are not checked again. */
  cache?: ShapeCache;
}

/**
 * Results by batch digest (see batchDigest), for the shapes whose digest is `shapes`: a reload re-checks only the
 * batches an edit changed, its files and those that link to what it changed the type of. It holds the batches
 * of the last check only, a few hundred digests at 1M triples.
 */
export interface ShapeCache {
  shapes: string;
  batches: Map<string, EncodedResult[]>;
}

/** The results of a check batch by batch, for the next check, with how many batches it had and knew already. */
export interface ShapeBatches {
  cache: ShapeCache;
  checked: number;
  known: number;
}

export interface ShapeCheck {
  findings: Finding[];
  /** Absent when the whole graph was checked at once. */
  batches?: ShapeBatches;
}

const THREAD_FROM = 16;

/** The graph to check: its encoding, to cut into batches, and its union, to check whole. */
export interface ShapeInput extends BatchInput {
  union: QuadStore;
}

export type ShapeChecker = (input: ShapeInput, sourceMap: SourceMap, baseIri: string, lang: Lang, options?: ShapeOptions) => Promise<ShapeCheck>;

/** Compiles the shapes once; checking is then a function of the data. */
export function createShapeChecker(shapeQuads: Quad[]): ShapeChecker {
  const compiled = compileShapes(shapeQuads);
  const shapes = shapesDigest(shapeQuads);
  return async (input, sourceMap, baseIri, lang, options = {}) => {
    const batched = options.wholeGraph ? undefined : await checkInBatches(shapeQuads, compiled, input, options, options.cache?.shapes === shapes ? options.cache.batches : undefined);
    const results = batched ? [...batched.results.values()].flat().map(decodeResult) : await validateEach(compiled.validator, asDataset(input.union));
    return {
      findings: results.map((result) => toFinding(result, { data: input.union, shapes: compiled.shapes, sourceMap, baseIri, lang })),
      batches: batched && { cache: { shapes, batches: batched.results }, checked: batched.results.size, known: batched.known },
    };
  };
}

/** The shapes' own digest: changed shapes make every cached result stale. */
function shapesDigest(shapeQuads: Quad[]): string {
  const lines = shapeQuads.map((q) => [q.subject, q.predicate, q.object].map((t) => framed(termToId(t))).join(''));
  return createHash('sha256').update(lines.sort().join('')).digest('base64');
}

/**
 * The results batch by batch (see shape-batches.ts), by batch digest, with how many were already in `known`;
 * undefined when the batches cannot give the same results as the whole graph.
 */
async function checkInBatches(shapeQuads: Quad[], { validator, reads }: CompiledShapes, input: ShapeInput, options: ShapeOptions, cached?: Map<string, EncodedResult[]>): Promise<{ results: Map<string, EncodedResult[]>; known: number } | undefined> {
  if (!reads) return undefined;
  const batchQuads = options.batchQuads ?? BATCH_QUADS;
  const threaded = options.thread ?? input.encoded.named.quads.length / 4 > THREAD_FROM * batchQuads;
  // Started at the first batch the cache does not know: a reload after a small edit may need none.
  let thread: ShapeThread | undefined;
  const check = (batch: EncodedBatch) => (threaded ? (thread ??= startShapeThread(shapeQuads)).check(batch) : checkBatch(validator, batch).then((r) => r.map(encodeResult)));
  const results = new Map<string, EncodedResult[]>();
  const inFlight: Array<{ digest: string; done: Promise<EncodedResult[]> }> = [];
  const settle = async () => {
    const { digest, done } = inFlight.shift()!;
    results.set(digest, await done);
  };
  let known = 0;
  try {
    const batches = encodeBatches(input, reads, batchQuads);
    let next = batches.next();
    for (; !next.done; next = batches.next()) {
      const digest = batchDigest(next.value);
      const earlier = cached?.get(digest) ?? results.get(digest);
      if (earlier) {
        known++;
        results.set(digest, earlier);
        continue;
      }
      // Its place in the results' order is taken now, as the batches come.
      results.set(digest, []);
      inFlight.push({ digest, done: check(next.value) });
      // While the thread checks one batch, the next is cut here.
      if (inFlight.length > 1) await settle();
    }
    if (!next.value) return undefined;
    while (inFlight.length) await settle();
    return { results, known };
  } finally {
    await Promise.allSettled(inFlight.map(({ done }) => done));
    await thread?.close();
  }
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
