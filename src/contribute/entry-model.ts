// **entry-model** reads ontology/shapes.ttl (and the concept schemes) into a plain description of each kind
// of entry: which fields it has, which are required, what values they take, and what they are called in
// French and English. `npm run new`, the /contribute form and CONTRIBUTING's checks all build on it, so
// that a property added to the shapes reaches every one of them without a hand-written copy.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Parser, Store, type Term } from 'n3';
import { PROJECT_ROOT } from '../config.js';
import { DEFAULT_BASE_IRI, PREFIXES, RDF_TYPE, entityPrefixes, shorten } from '../rdf/namespaces.js';

const SH = PREFIXES.sh;
const RDF = PREFIXES.rdf;
const XSD = PREFIXES.xsd;
const SKOS = PREFIXES.skos;

export type Lang = 'fr' | 'en';
export type Texts = Record<Lang, string>;

/** The kinds of entry, as `npm run new` names them. */
export const KIND_NAMES = ['commons', 'organisation', 'service', 'project'] as const;
export type KindName = (typeof KIND_NAMES)[number];

const KIND_CLASSES: Readonly<Record<KindName, { targetClass: string; folder: string; prefix: string }>> = {
  commons: { targetClass: 'https://w3id.org/usages-communs/ns#DigitalCommons', folder: 'commons', prefix: 'commons' },
  organisation: { targetClass: `${PREFIXES.org}Organization`, folder: 'actors', prefix: 'actor' },
  service: { targetClass: 'https://w3id.org/usages-communs/ns#Service', folder: 'services', prefix: 'service' },
  project: { targetClass: 'https://w3id.org/usages-communs/ns#Project', folder: 'projects', prefix: 'project' },
};

/**
 * What a field's values are, for a form widget or a skeleton placeholder:
 * - `entry`: a link to another entry of the directory (`kind` says which);
 * - `concept`: a concept of a controlled list (`scheme`);
 * - `choice`: one of a fixed list of literals (`choices`);
 * - `iri`: any web address / IRI (`pattern` may narrow it);
 * - `text`: a language-tagged text (`languages` lists the allowed tags, when limited);
 * - `string`: a plain text without language;
 * - `date`: a typed date (`datatypes`: xsd:date, xsd:gYearMonth, xsd:gYear);
 * - `nested`: a nested description (`shape` gives its fields).
 */
export type ValueKind = 'entry' | 'concept' | 'choice' | 'iri' | 'text' | 'string' | 'date' | 'nested';

export interface FieldModel {
  /** The predicate's full IRI. */
  path: string;
  /** The predicate as a prefixed name, as written in the data files (e.g. `schema:name`). */
  name: string;
  /** At least one value is required (sh:minCount or sh:qualifiedMinCount ≥ 1, with violation severity). */
  required: boolean;
  /** Not required, but its absence is a warning (e.g. the English description). */
  recommended: boolean;
  /** For a language-tagged field: languages of which one value is required / recommended. */
  requiredLanguages: string[];
  recommendedLanguages: string[];
  /** sh:maxCount, when there is one (1 = a single value). */
  maxCount?: number;
  value: ValueKind;
  /** sh:nodeKind as a local name (IRI, Literal, BlankNode…), when given. */
  nodeKind?: string;
  /** Full IRIs of the datatypes a literal may have (sh:datatype, or the choices of an sh:or). */
  datatypes: string[];
  /** Language tags a literal may carry (sh:languageIn); absent when any or none is allowed. */
  languages?: string[];
  /** A literal may carry a language tag. */
  languageTagged: boolean;
  /** At most one value per language (sh:uniqueLang). */
  uniqueLang: boolean;
  /** sh:pattern on the value. */
  pattern?: string;
  /** sh:class: the class the linked entry must have (full IRI). */
  class?: string;
  /** For `entry` fields: the kind of entry linked to. */
  kind?: KindName;
  /** sh:in: the allowed literal values. */
  choices?: string[];
  /** For `concept` fields: the concept scheme IRI, from sh:node → skos:inScheme sh:hasValue. */
  scheme?: string;
  /** For `nested` fields: the nested shape's fields. */
  shape?: FieldModel[];
  label: Texts;
  description: Texts;
  /** The shapes' own error message(s) for this field, when any. */
  message?: Texts;
}

export interface KindModel {
  kind: KindName;
  /** Full IRI of sh:targetClass. */
  targetClass: string;
  /** The same as a prefixed name (e.g. `uc:DigitalCommons`). */
  type: string;
  /** Folder under data/ (commons, actors, services, projects). */
  folder: string;
  /** The prefix of its entries' IRIs in data files (commons:, actor:, service:, project:). */
  prefix: string;
  /** The class's labels (from the vocabulary), e.g. "commun numérique" / "digital commons". */
  label: Texts;
  /** Only the listed predicates (and rdf:type) are allowed. */
  closed: boolean;
  fields: FieldModel[];
  /** Groups of fields of which at least one must be given (e.g. website or repository). */
  oneOf: { fields: string[]; message?: Texts }[];
}

export interface ConceptModel {
  iri: string;
  /** Prefixed name, e.g. `theme:open-data`. */
  name: string;
  label: Texts;
  definition?: Texts;
}

export interface SchemeModel {
  iri: string;
  /** File that defines it, relative to the project (e.g. ontology/schemes/themes.ttl). */
  file: string;
  label: Texts;
  concepts: ConceptModel[];
}

export interface EntryModel {
  kinds: KindModel[];
  /** The shape of an org:Membership, written in the member organisation's file as <#membership-…>. */
  membership: { targetClass: string; type: string; fields: FieldModel[] };
  schemes: Map<string, SchemeModel>;
  /** The prefixes data files use (PREFIXES plus the directory's own: actor:, commons:, theme:…). */
  prefixes: Record<string, string>;
  kind(name: KindName): KindModel;
}

export interface EntryModelOptions {
  /** Folder holding shapes.ttl, uc.ttl and schemes/ (default: the project's ontology/). */
  ontologyDir?: string;
  baseIri?: string;
}

/** A text in French and English; when only one is given, it stands for both. */
function texts(store: Store, subject: Term | string, predicate: string): Texts | undefined {
  const values = store.getObjects(subject, predicate, null).filter((t) => t.termType === 'Literal');
  const pick = (lang: Lang) => values.find((t) => (t as { language?: string }).language === lang)?.value;
  const fr = pick('fr');
  const en = pick('en');
  return fr || en ? { fr: fr ?? en!, en: en ?? fr! } : undefined;
}

function parseFile(file: string, store: Store): void {
  store.addQuads(new Parser({ baseIRI: `file://${file}` }).parse(readFileSync(file, 'utf8')));
}

/** Reads the model; synchronous and cheap (a few hundred triples), so callers may read it at start-up. */
export function readEntryModel(options: EntryModelOptions = {}): EntryModel {
  const ontologyDir = options.ontologyDir ?? path.join(PROJECT_ROOT, 'ontology');
  const prefixes = { ...PREFIXES, ...entityPrefixes(options.baseIri ?? DEFAULT_BASE_IRI) };
  const short = (iri: string) => shorten(iri, prefixes);
  const shapes = new Store();
  parseFile(path.join(ontologyDir, 'shapes.ttl'), shapes);
  const vocabulary = new Store();
  parseFile(path.join(ontologyDir, 'uc.ttl'), vocabulary);
  const schemes = readSchemes(ontologyDir, short);
  const reader = new ShapeReader(shapes, vocabulary, short);

  const kinds = KIND_NAMES.map((kind): KindModel => {
    const { targetClass, folder, prefix } = KIND_CLASSES[kind];
    const nodeShapes = shapes.getSubjects(`${SH}targetClass`, targetClass, null);
    if (!nodeShapes.length) throw new Error(`ontology/shapes.ttl has no shape for ${short(targetClass)}`);
    return {
      kind,
      targetClass,
      type: short(targetClass),
      folder,
      prefix,
      label: reader.texts(vocabulary, targetClass, `${PREFIXES.rdfs}label`) ?? { fr: kind, en: kind },
      closed: nodeShapes.some((s) => reader.one(s, `${SH}closed`)?.value === 'true'),
      fields: reader.fields(nodeShapes),
      oneOf: nodeShapes.flatMap((s) => reader.oneOf(s)),
    };
  });
  const membershipClass = `${PREFIXES.org}Membership`;
  const membership = {
    targetClass: membershipClass,
    type: short(membershipClass),
    fields: reader.fields(shapes.getSubjects(`${SH}targetClass`, membershipClass, null)),
  };
  const byName = new Map(kinds.map((k) => [k.kind, k]));
  // sh:class on a field names a class; say which kind of entry that is, for the form's pickers.
  const kindOfClass = new Map(kinds.map((k) => [k.targetClass, k.kind]));
  const linkKinds = (fields: FieldModel[]) => {
    for (const f of fields) {
      if (f.class) f.kind = kindOfClass.get(f.class);
      if (f.shape) linkKinds(f.shape);
    }
  };
  for (const k of kinds) linkKinds(k.fields);
  linkKinds(membership.fields);
  return { kinds, membership, schemes, prefixes, kind: (name) => byName.get(name)! };
}

class ShapeReader {
  constructor(
    private readonly shapes: Store,
    private readonly vocabulary: Store,
    private readonly short: (iri: string) => string,
  ) {}

  one(subject: Term | string, predicate: string): Term | undefined {
    return this.shapes.getObjects(subject, predicate, null)[0];
  }

  all(subject: Term | string, predicate: string): Term[] {
    return this.shapes.getObjects(subject, predicate, null);
  }

  list(head: Term | undefined): Term[] {
    const items: Term[] = [];
    for (let node = head; node && node.value !== `${RDF}nil`; node = this.one(node, `${RDF}rest`)) {
      const first = this.one(node, `${RDF}first`);
      if (first) items.push(first);
    }
    return items;
  }

  texts(store: Store, subject: Term | string, predicate: string): Texts | undefined {
    return texts(store, subject, predicate);
  }

  /** The property shapes of some node shapes, merged by path in order of first appearance. */
  fields(nodeShapes: Term[]): FieldModel[] {
    const byPath = new Map<string, FieldModel>();
    for (const nodeShape of nodeShapes) {
      for (const property of this.all(nodeShape, `${SH}property`)) {
        const pathTerm = this.one(property, `${SH}path`);
        if (!pathTerm) continue;
        // A sequence path (time:hasBeginning/time:inXSDDate) reads as a nested field of its first step.
        const steps = pathTerm.termType === 'NamedNode' ? [pathTerm] : this.list(pathTerm);
        if (!steps.length) continue;
        this.merge(byPath, property, steps);
      }
    }
    return [...byPath.values()];
  }

  private merge(byPath: Map<string, FieldModel>, property: Term, steps: Term[]): void {
    const iri = steps[0].value;
    let field = byPath.get(iri);
    if (!field) {
      field = {
        path: iri,
        name: this.short(iri),
        required: false,
        recommended: false,
        requiredLanguages: [],
        recommendedLanguages: [],
        value: 'iri',
        datatypes: [],
        languageTagged: false,
        uniqueLang: false,
        label: this.texts(this.vocabulary, iri, `${PREFIXES.rdfs}label`) ?? { fr: this.short(iri), en: this.short(iri) },
        description: this.texts(this.vocabulary, iri, `${PREFIXES.rdfs}comment`) ?? { fr: '', en: '' },
      };
      byPath.set(iri, field);
    }
    if (steps.length > 1) {
      // The nested step's own constraints describe a field of the nested node.
      const nested = (field.shape ??= []);
      const inner = new Map(nested.map((f) => [f.path, f]));
      this.merge(inner, property, steps.slice(1));
      field.shape = [...inner.values()];
      field.value = 'nested';
      return;
    }
    const name = this.texts(this.shapes, property, `${SH}name`);
    if (name) field.label = name;
    const description = this.texts(this.shapes, property, `${SH}description`);
    if (description) field.description = description;
    const message = this.texts(this.shapes, property, `${SH}message`);
    if (message && !field.message) field.message = message;
    const warning = this.one(property, `${SH}severity`)?.value === `${SH}Warning`;
    const minCount = Number(this.one(property, `${SH}minCount`)?.value ?? 0);
    if (minCount > 0) warning ? (field.recommended = true) : (field.required = true);
    const maxCount = this.one(property, `${SH}maxCount`);
    if (maxCount) field.maxCount = Math.min(field.maxCount ?? Infinity, Number(maxCount.value));
    const qualifiedMin = Number(this.one(property, `${SH}qualifiedMinCount`)?.value ?? 0);
    const qualified = this.one(property, `${SH}qualifiedValueShape`);
    if (qualifiedMin > 0 && qualified) {
      const languages = this.list(this.one(qualified, `${SH}languageIn`)).map((t) => t.value);
      if (languages.length) (warning ? field.recommendedLanguages : field.requiredLanguages).push(...languages);
      if (!warning) field.required = true;
      else if (!field.required) field.recommended = true;
    }
    const nodeKind = this.one(property, `${SH}nodeKind`);
    if (nodeKind) field.nodeKind = nodeKind.value.replace(SH, '');
    const datatypes = [this.one(property, `${SH}datatype`), ...this.list(this.one(property, `${SH}or`)).map((alt) => this.one(alt, `${SH}datatype`))]
      .filter((t): t is Term => !!t)
      .map((t) => t.value);
    for (const d of datatypes) if (!field.datatypes.includes(d)) field.datatypes.push(d);
    const languages = this.list(this.one(property, `${SH}languageIn`)).map((t) => t.value);
    if (languages.length) field.languages = languages;
    if (this.one(property, `${SH}uniqueLang`)?.value === 'true') field.uniqueLang = true;
    const pattern = this.one(property, `${SH}pattern`);
    if (pattern) field.pattern = pattern.value;
    const cls = this.one(property, `${SH}class`);
    if (cls) field.class = cls.value;
    const choices = this.list(this.one(property, `${SH}in`)).map((t) => t.value);
    if (choices.length) field.choices = choices;
    const node = this.one(property, `${SH}node`);
    if (node) {
      const scheme = this.schemeOf(node);
      if (scheme) field.scheme = scheme;
      else field.shape = this.fields([node]);
    }
    field.languageTagged = !!field.languages || field.datatypes.includes(`${RDF}langString`);
    field.value = this.valueKind(field);
  }

  /** ucsh:InThemes: a node shape whose only constraint is skos:inScheme sh:hasValue <scheme>. */
  private schemeOf(node: Term): string | undefined {
    for (const property of this.all(node, `${SH}property`)) {
      if (this.one(property, `${SH}path`)?.value === `${SKOS}inScheme`) return this.one(property, `${SH}hasValue`)?.value;
    }
    return undefined;
  }

  private valueKind(field: FieldModel): ValueKind {
    if (field.class) return 'entry';
    if (field.scheme) return 'concept';
    if (field.choices) return 'choice';
    if (field.shape) return 'nested';
    const dates = [`${XSD}date`, `${XSD}gYearMonth`, `${XSD}gYear`];
    if (field.datatypes.length && field.datatypes.every((d) => dates.includes(d))) return 'date';
    if (field.languageTagged) return 'text';
    if (field.nodeKind === 'Literal' || field.datatypes.includes(`${XSD}string`)) return 'string';
    return 'iri';
  }

  /** sh:or ( [ sh:path a ; sh:minCount 1 ] [ sh:path b ; sh:minCount 1 ] ): at least one of a, b. */
  oneOf(nodeShape: Term): KindModel['oneOf'] {
    const alternatives = this.list(this.one(nodeShape, `${SH}or`));
    const fields = alternatives.map((alt) => this.one(alt, `${SH}path`)).filter((t): t is Term => t?.termType === 'NamedNode');
    if (!fields.length || fields.length !== alternatives.length) return [];
    return [{ fields: fields.map((t) => t.value), message: this.texts(this.shapes, nodeShape, `${SH}message`) }];
  }
}

/** The concept schemes of ontology/schemes/*.ttl, with their concepts sorted by French label. */
export function readSchemes(ontologyDir: string, short: (iri: string) => string): Map<string, SchemeModel> {
  const schemes = new Map<string, SchemeModel>();
  const folder = path.join(ontologyDir, 'schemes');
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.ttl')).sort()) {
    const file = path.join(folder, name);
    const store = new Store();
    parseFile(file, store);
    for (const scheme of store.getSubjects(RDF_TYPE, `${SKOS}ConceptScheme`, null)) {
      const concepts = store.getSubjects(`${SKOS}inScheme`, scheme, null).map((c): ConceptModel => ({
        iri: c.value,
        name: short(c.value),
        label: texts(store, c, `${SKOS}prefLabel`) ?? { fr: short(c.value), en: short(c.value) },
        definition: texts(store, c, `${SKOS}definition`),
      }));
      concepts.sort((a, b) => a.label.fr.localeCompare(b.label.fr, 'fr'));
      schemes.set(scheme.value, {
        iri: scheme.value,
        file: path.relative(path.dirname(ontologyDir), file).split(path.sep).join('/'),
        label: texts(store, scheme, `${SKOS}prefLabel`) ?? { fr: name, en: name },
        concepts,
      });
    }
  }
  return schemes;
}
