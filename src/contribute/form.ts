// **form** is the /contribute form without HTTP: its fields come from the shapes (entry-model.ts), a
// submission becomes a Turtle file, and that file is checked by the same validator as `npm run validate`,
// together with the ontology and the files of the entries it links to. Nothing is ever written to disk:
// the repository stays the single source of truth, and the contributor takes the file there.
import path from 'node:path';
import { DataFactory, Writer, type Quad } from 'n3';
import type { Graph } from '../graph/load-graph.js';
import { entityForPath, graphIri, type SourceFile } from '../graph/sources.js';
import { checkDataset } from '../validate/check-dataset.js';
import type { Finding } from '../validate/finding.js';
import { PREFIXES, RDF_TYPE } from '../rdf/namespaces.js';
import { KIND_NAMES, type EntryModel, type FieldModel, type KindModel, type KindName, type Lang } from './entry-model.js';

/** Limits of one submission: a form is for one entry, written by a person. */
export const LIMITS = { text: 4000, line: 500, values: 60, slug: 80 } as const;

export type Widget = 'input' | 'url' | 'textarea' | 'checkboxes' | 'select' | 'multiselect' | 'date';

export interface FormOption {
  value: string;
  label: string;
  selected: boolean;
}

/** One control of the form, with what was submitted and the problems found in it. */
export interface FormControl {
  /** The form field's name: the predicate as written in files, with @fr / @en for a text in one language. */
  name: string;
  id: string;
  label: string;
  /** The language of a one-language text control. */
  lang?: Lang;
  hint: string;
  required: boolean;
  widget: Widget;
  value: string;
  options: FormOption[];
  errors: string[];
}

export interface Submission {
  kind: KindModel;
  slug: string;
  controls: FormControl[];
  /** The slug field, first in the form. */
  slugControl: FormControl;
  /** Problems that belong to no single field. */
  errors: string[];
  /** The file, when the values could be written at all (even if the validator then found problems). */
  turtle?: string;
  /** Where it goes in the repository, e.g. data/actors/la-quadrature-du-net.ttl. */
  repositoryPath: string;
  ok: boolean;
}

export type FormValues = Record<string, string | string[] | undefined>;

const XSD = PREFIXES.xsd;
const all = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter(Boolean);
const one = (value: string | string[] | undefined): string => all(value)[0] ?? '';

/** The slug made from a name: lowercase ASCII letters, digits and hyphens (the validator's rule). */
export function slugify(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, LIMITS.slug).replace(/-+$/, '');
}

/** A language-tagged field gets one control per language; a plain name one control. */
function languagesOf(field: FieldModel): Lang[] | undefined {
  if (field.value !== 'text' || !(field.languages?.length || field.requiredLanguages.length || field.recommendedLanguages.length)) return undefined;
  return (['fr', 'en'] as const).filter((l) => !field.languages || field.languages.includes(l));
}

const isSpdx = (field: FieldModel) => field.pattern?.startsWith('^http://spdx\\.org/licenses/') ?? false;

/** What each kind of entry may link to: existing entries, by kind, with their names; built once per graph. */
export interface EntryChoices {
  entries(kind: KindName, lang: Lang): Array<{ iri: string; label: string }>;
}

export interface FormContext {
  model: EntryModel;
  choices: EntryChoices;
  graph: Graph;
}

function controlsOf(context: FormContext, kind: KindModel, lang: Lang, values: FormValues): FormControl[] {
  const controls: FormControl[] = [];
  for (const field of kind.fields) {
    const id = `f-${field.name.replace(/[^a-zA-Z0-9]+/g, '-')}`;
    const base = { label: field.label[lang], hint: field.description[lang], errors: [] as string[], options: [] as FormOption[] };
    const langs = languagesOf(field);
    if (langs) {
      for (const l of langs) {
        controls.push({ ...base, name: `${field.name}@${l}`, id: `${id}-${l}`, lang: l, required: field.required && (field.requiredLanguages.includes(l) || field.requiredLanguages.length === 0 && l === 'fr'), widget: 'textarea', value: one(values[`${field.name}@${l}`]), errors: [] });
      }
      continue;
    }
    const chosen = new Set(all(values[field.name]));
    const required = field.required;
    switch (field.value) {
      case 'concept': {
        const scheme = field.scheme ? context.model.schemes.get(field.scheme) : undefined;
        const options = (scheme?.concepts ?? []).map((c) => ({ value: c.iri, label: c.label[lang], selected: chosen.has(c.iri) }));
        controls.push({ ...base, name: field.name, id, required, widget: field.maxCount === 1 ? 'select' : 'checkboxes', value: '', options });
        break;
      }
      case 'entry': {
        const options = field.kind ? context.choices.entries(field.kind, lang).map((e) => ({ value: e.iri, label: e.label, selected: chosen.has(e.iri) })) : [];
        controls.push({ ...base, name: field.name, id, required, widget: field.maxCount === 1 ? 'select' : 'multiselect', value: '', options });
        break;
      }
      case 'choice':
        controls.push({ ...base, name: field.name, id, required, widget: 'select', value: '', options: (field.choices ?? []).map((c) => ({ value: c, label: c, selected: chosen.has(c) })) });
        break;
      case 'iri':
        controls.push({ ...base, name: field.name, id, required, widget: isSpdx(field) ? 'input' : 'url', value: one(values[field.name]) });
        break;
      case 'date':
        controls.push({ ...base, name: field.name, id, required, widget: 'date', value: one(values[field.name]) });
        break;
      case 'text':
      case 'string':
        controls.push({ ...base, name: field.name, id, required, widget: 'input', value: one(values[field.name]) });
        break;
      default:
        // Nested descriptions (a membership's period) are written by hand: the form says so in its intro.
        break;
    }
  }
  return controls;
}

/** The empty (or refilled) form of one kind. */
export function formFor(context: FormContext, kindName: KindName, lang: Lang, values: FormValues = {}): Submission {
  const kind = context.model.kind(kindName);
  const slug = one(values.slug);
  return {
    kind,
    slug,
    controls: controlsOf(context, kind, lang, values),
    slugControl: slugControl(lang, slug),
    errors: [],
    repositoryPath: `data/${kind.folder}/${slug || '…'}.ttl`,
    ok: false,
  };
}

function slugControl(lang: Lang, value: string): FormControl {
  return {
    name: 'slug',
    id: 'f-slug',
    label: lang === 'fr' ? 'Identifiant (slug)' : 'Identifier (slug)',
    hint: lang === 'fr'
      ? 'Lettres minuscules sans accent, chiffres et tirets ; laissez vide pour le faire à partir du nom.'
      : 'Lowercase letters without accents, digits and hyphens; leave empty to make it from the name.',
    required: false,
    widget: 'input',
    value,
    options: [],
    errors: [],
  };
}

const MESSAGES = {
  tooLong: { fr: 'Trop long : {max} caractères au plus.', en: 'Too long: {max} characters at most.' },
  tooMany: { fr: 'Trop de valeurs : {max} au plus.', en: 'Too many values: {max} at most.' },
  notOffered: { fr: 'Cette valeur ne fait pas partie des choix proposés.', en: 'This value is not one of the choices offered.' },
  notUrl: { fr: 'Adresse web attendue, commençant par https:// ou http://.', en: 'A web address is expected, starting with https:// or http://.' },
  notDate: { fr: 'Date attendue : AAAA, AAAA-MM ou AAAA-MM-JJ.', en: 'A date is expected: YYYY, YYYY-MM or YYYY-MM-DD.' },
  notSpdx: { fr: 'Identifiant SPDX attendu, p. ex. AGPL-3.0-only.', en: 'An SPDX identifier is expected, e.g. AGPL-3.0-only.' },
  badSlug: { fr: 'Lettres minuscules sans accent, chiffres et tirets seulement, p. ex. {suggestion}.', en: 'Lowercase letters without accents, digits and hyphens only, e.g. {suggestion}.' },
  noSlug: { fr: 'Donnez un nom (ou un identifiant) : le nom du fichier en est fait.', en: 'Give a name (or an identifier): the file name is made from it.' },
  exists: { fr: 'Une fiche a déjà cet identifiant ({file}) : choisissez-en un autre, ou proposez une modification de celle-ci.', en: 'An entry already has this identifier ({file}): choose another one, or propose a change to it.' },
} as const;

const say = (key: keyof typeof MESSAGES, lang: Lang, values: Record<string, string | number> = {}) =>
  MESSAGES[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

/**
 * Reads a submission: checks each value against its control (length, choices offered, form of URLs and
 * dates), writes the Turtle file, and runs the validator on it. Problems go beside their field.
 */
export async function submit(context: FormContext, kindName: KindName, lang: Lang, values: FormValues): Promise<Submission> {
  const form = formFor(context, kindName, lang, values);
  const { kind, controls } = form;
  const { namedNode, literal, quad } = DataFactory;
  const nameValue = one(values['schema:name']) || one(values['schema:name@fr']);
  const slug = one(values.slug) || slugify(nameValue);
  form.slug = slug;
  form.slugControl.value = one(values.slug);
  if (!slug) form.slugControl.errors.push(say('noSlug', lang));
  else if (slug.length > LIMITS.slug || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) form.slugControl.errors.push(say('badSlug', lang, { suggestion: slugify(slug) || 'la-quadrature-du-net' }));
  const relative = `${kind.folder}/${slug}.ttl`;
  form.repositoryPath = `data/${relative}`;
  if (slug && context.graph.sources.some((s) => s.root === 'data' && s.relative === relative)) form.slugControl.errors.push(say('exists', lang, { file: form.repositoryPath }));

  const subject = namedNode(entityForPath(context.graph.baseIri, relative));
  const quads: Quad[] = [quad(subject, namedNode(RDF_TYPE), namedNode(kind.targetClass))];
  const linked = new Set<string>();
  const fieldOf = new Map(kind.fields.map((f) => [f.name, f]));
  for (const control of controls) {
    const field = fieldOf.get(control.name.split('@')[0])!;
    const raw = control.options.length || control.widget === 'checkboxes' || control.widget === 'multiselect' || control.widget === 'select' ? all(values[control.name]) : all(values[control.name]).slice(0, 1);
    if (raw.length > LIMITS.values) {
      control.errors.push(say('tooMany', lang, { max: LIMITS.values }));
      continue;
    }
    const max = control.widget === 'textarea' ? LIMITS.text : LIMITS.line;
    if (raw.some((v) => v.length > max)) {
      control.errors.push(say('tooLong', lang, { max }));
      continue;
    }
    for (const value of raw) {
      if (control.options.length || control.widget === 'select' || control.widget === 'checkboxes' || control.widget === 'multiselect') {
        if (!control.options.some((o) => o.value === value)) {
          control.errors.push(say('notOffered', lang));
          continue;
        }
        if (field.value === 'choice') quads.push(quad(subject, namedNode(field.path), literal(value)));
        else {
          quads.push(quad(subject, namedNode(field.path), namedNode(value)));
          if (field.value === 'entry') linked.add(value);
        }
      } else if (control.lang) {
        quads.push(quad(subject, namedNode(field.path), literal(value, control.lang)));
      } else if (field.value === 'iri') {
        if (isSpdx(field)) {
          const id = value.replace(/^https?:\/\/spdx\.org\/licenses\//, '');
          if (!/^[A-Za-z0-9.+-]+$/.test(id)) control.errors.push(say('notSpdx', lang));
          else quads.push(quad(subject, namedNode(field.path), namedNode(`${PREFIXES.spdx}${id}`)));
        } else if (!/^https?:\/\/[^\s<>"{}|\\^`]+$/.test(value)) control.errors.push(say('notUrl', lang));
        else quads.push(quad(subject, namedNode(field.path), namedNode(value)));
      } else if (field.value === 'date') {
        const type = /^\d{4}$/.test(value) ? 'gYear' : /^\d{4}-(0[1-9]|1[0-2])$/.test(value) ? 'gYearMonth' : /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value) ? 'date' : undefined;
        if (!type) control.errors.push(say('notDate', lang));
        else quads.push(quad(subject, namedNode(field.path), literal(value, namedNode(`${XSD}${type}`))));
      } else {
        quads.push(quad(subject, namedNode(field.path), literal(value)));
      }
    }
  }
  if (!slug || form.slugControl.errors.length) return form;

  form.turtle = writeTurtle(quads, context.model.prefixes);
  const findings = await validate(context, form.turtle, relative, linked, lang);
  for (const finding of findings) {
    const field = [...fieldOf.values()].find((f) => f.path === finding.path);
    const message = finding.hint ? `${finding.message} — ${finding.hint}` : finding.message;
    const targets = field ? controls.filter((c) => c.name.split('@')[0] === field.name) : [];
    // A text in two languages: the problem goes to the language it names, or to the first.
    const target = targets.find((c) => c.lang && finding.message.includes(`@${c.lang}`)) ?? targets[0];
    if (target) target.errors.push(message);
    else form.errors.push(message);
  }
  form.ok = !controls.some((c) => c.errors.length) && !form.errors.length;
  return form;
}

function writeTurtle(quads: Quad[], prefixes: Record<string, string>): string {
  const iris = quads.flatMap((q) => [q.subject, q.predicate, q.object]).filter((t) => t.termType === 'NamedNode').map((t) => t.value);
  const used = Object.fromEntries(Object.entries(prefixes).filter(([, ns]) => iris.some((iri) => iri.startsWith(ns) && iri.length > ns.length)));
  const writer = new Writer({ prefixes: used });
  writer.addQuads(quads);
  let out = '';
  writer.end((error, result) => {
    if (error) throw error;
    out = result;
  });
  return out;
}

/** The same validator as `npm run validate`, on the new file, the ontology and the files of what it links to. */
async function validate(context: FormContext, turtle: string, relative: string, linked: ReadonlySet<string>, lang: Lang): Promise<Finding[]> {
  const { graph } = context;
  const display = `data/${relative}`;
  const linkedFiles = [...linked].map((iri) => graph.sourceMap.fileOf(iri)).filter((f): f is SourceFile => f !== undefined);
  const dataDir = linkedFiles[0] ? linkedFiles[0].absolute.slice(0, -linkedFiles[0].relative.length) : path.resolve('data');
  const entry: SourceFile = {
    absolute: path.join(dataDir, relative),
    display,
    root: 'data',
    relative,
    graph: graphIri(graph.baseIri, 'data', relative),
    entity: entityForPath(graph.baseIri, relative),
    text: turtle,
  };
  const sources = [...graph.sources.filter((s) => s.root === 'ontology'), ...new Set(linkedFiles), entry];
  const checked = await checkDataset({ ontologyDir: '', dataDir: '', baseIri: graph.baseIri, lang, sources });
  // Only what is wrong in the new file: the files it links to were checked when the directory loaded.
  return checked.findings.filter((f) => f.severity === 'error' && f.location.file === display);
}

export function isKindName(value: unknown): value is KindName {
  return typeof value === 'string' && (KIND_NAMES as readonly string[]).includes(value);
}
