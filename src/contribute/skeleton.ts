// **skeleton** writes the Turtle file that `npm run new` starts an entry with, from the entry model (and so
// from ontology/shapes.ttl): every required field with a TODO placeholder and a comment saying what goes
// there, and every optional field as a commented-out line. The validator reports a TODO left in place.
import type { Lang } from '../validate/messages.js';
import type { EntryModel, FieldModel, KindModel } from './entry-model.js';

/** The placeholder's word: `type:TODO`, `<https://TODO>`, `"TODO: …"@fr`. */
export const PLACEHOLDER = 'TODO';

const SAY: Record<Lang, Record<string, string>> = {
  fr: {
    header: 'Fiche créée par `npm run new`. Remplacez chaque TODO (les commentaires disent quoi y mettre),',
    header2: 'décommentez les champs facultatifs utiles, puis lancez : npm run validate {file} --lang fr',
    required: 'obligatoire',
    recommended: 'conseillé',
    optional: 'Champs facultatifs : retirez le # au début de la ligne pour en utiliser un.',
    oneOf: 'au moins un de',
    choose: 'une valeur parmi',
    entry: 'une fiche de l\'annuaire',
    text: 'une ou deux phrases',
    many: 'plusieurs valeurs séparées par des virgules',
  },
  en: {
    header: 'Entry created by `npm run new`. Replace each TODO (the comments say what goes there),',
    header2: 'uncomment the optional fields you need, then run: npm run validate {file} --lang en',
    required: 'required',
    recommended: 'recommended',
    optional: 'Optional fields: remove the # at the start of a line to use one.',
    oneOf: 'at least one of',
    choose: 'one of',
    entry: 'an entry of the directory',
    text: 'one or two sentences',
    many: 'several values separated by commas',
  },
};

export interface SkeletonOptions {
  model: EntryModel;
  kind: KindModel;
  name: string;
  slug: string;
  /** The file as it will be shown (data/actors/<slug>.ttl). */
  file: string;
  lang: Lang;
}

export function skeleton({ model, kind, name, slug, file, lang }: SkeletonOptions): string {
  const say = SAY[lang];
  const used = new Set<string>();
  const prefixed = (name: string) => {
    used.add(name.split(':')[0]);
    return name;
  };
  const subject = prefixed(`${kind.prefix}:${slug}`);
  // A group like "website or repository": its first field stands in as required, the others stay optional.
  const groupFirst = new Map(kind.oneOf.map((g) => [g.fields[0], g]));
  const required = kind.fields.filter((f) => f.required || f.recommended || groupFirst.has(f.path));
  const optional = kind.fields.filter((f) => !required.includes(f));
  const body: string[] = [];
  for (const field of required) {
    const group = groupFirst.get(field.path);
    const need = field.required ? say.required : group ? `${say.oneOf} ${group.fields.map((p) => kind.fields.find((f) => f.path === p)?.name ?? p).join(', ')}` : say.recommended;
    body.push(`  # ${field.label[lang]} (${need}) — ${describe(field, model, lang)}`);
    for (const value of values(field, name, model, lang, prefixed)) body.push(`  ${prefixed(field.name)} ${value} ;`);
  }
  body.push(`  # ${say.optional}`);
  for (const field of optional) {
    body.push(`  # ${prefixed(field.name)} ${example(field, model, lang, prefixed)} ;  # ${field.label[lang]} — ${describe(field, model, lang)}`);
  }
  prefixed(kind.type);
  const prefixes = [...used].filter((p) => model.prefixes[p]).sort();
  const width = Math.max(...prefixes.map((p) => p.length)) + 1;
  return [
    `# ${say.header}`,
    `# ${say.header2.replace('{file}', file)}`,
    ...prefixes.map((p) => `PREFIX ${`${p}:`.padEnd(width)} <${model.prefixes[p]}>`),
    '',
    `${subject} a ${kind.type} ;`,
    ...body,
    '  .',
    '',
  ].join('\n');
}

/** The comment after a field's label: its description, then what it accepts. */
function describe(field: FieldModel, model: EntryModel, lang: Lang): string {
  const say = SAY[lang];
  const parts = [field.description[lang].replace(/\.$/, '')];
  if (field.value === 'concept' && field.scheme) {
    const scheme = model.schemes.get(field.scheme);
    if (scheme) parts.push(`${say.choose} ${scheme.concepts.map((c) => c.name).join(', ')} (${scheme.file})`);
  } else if (field.value === 'choice' && field.choices) {
    parts.push(`${say.choose} ${field.choices.map((c) => `"${c}"`).join(', ')}`);
  } else if (field.value === 'entry' && field.kind) {
    const target = model.kind(field.kind);
    parts.push(`${say.entry} (${target.prefix}:…, data/${target.folder}/…)`);
  }
  if (field.maxCount !== 1 && field.value !== 'text' && field.value !== 'string') parts.push(say.many);
  return parts.filter(Boolean).join(' ; ');
}

/** The placeholder value(s) of a required field: one per required or recommended language for texts. */
function values(field: FieldModel, name: string, model: EntryModel, lang: Lang, prefixed: (n: string) => string): string[] {
  if (field.path.endsWith('/name')) return [JSON.stringify(name)];
  if (field.value === 'text') {
    const langs = [...field.requiredLanguages, ...field.recommendedLanguages];
    return (langs.length ? langs : [lang]).map((l) => `"${PLACEHOLDER}: ${SAY[l as Lang]?.text ?? SAY.en.text}"@${l}`);
  }
  return [placeholder(field, model, prefixed)];
}

function placeholder(field: FieldModel, model: EntryModel, prefixed: (n: string) => string): string {
  switch (field.value) {
    case 'entry':
      return prefixed(`${field.kind ? model.kind(field.kind).prefix : 'actor'}:${PLACEHOLDER}`);
    case 'concept': {
      const first = field.scheme && model.schemes.get(field.scheme)?.concepts[0];
      return first ? prefixed(`${first.name.split(':')[0]}:${PLACEHOLDER}`) : `<${PLACEHOLDER}>`;
    }
    case 'date':
      return `"${PLACEHOLDER}"^^${prefixed('xsd:gYear')}`;
    case 'iri':
      return field.pattern?.includes('spdx') ? prefixed(`spdx:${PLACEHOLDER}`) : `<https://${PLACEHOLDER}>`;
    default:
      return `"${PLACEHOLDER}"`;
  }
}

/** A realistic value for a commented-out optional field. */
function example(field: FieldModel, model: EntryModel, lang: Lang, prefixed: (n: string) => string): string {
  switch (field.value) {
    case 'entry':
      return `${prefixed(`${field.kind ? model.kind(field.kind).prefix : 'actor'}:x`).slice(0, -1)}…`;
    case 'concept': {
      const first = field.scheme && model.schemes.get(field.scheme)?.concepts[0];
      return first ? prefixed(first.name) : '<…>';
    }
    case 'choice':
      return `"${field.choices?.[0] ?? '…'}"`;
    case 'date':
      return `"2024"^^${prefixed('xsd:gYear')}`;
    case 'text':
      return `"…"@${field.languages?.[0] ?? lang}`;
    case 'nested':
      return '[ … ]';
    case 'iri':
      return field.pattern?.includes('wikidata') ? '<http://www.wikidata.org/entity/Q…>' : '<https://…>';
    default:
      return '"…"';
  }
}
