// **messages** holds the validator's own sentences in French and English.
// SHACL messages come from ontology/shapes.ttl; these cover the checks written in code.

export type Lang = 'fr' | 'en';

type Params = Record<string, string | number>;
type Entry = Record<Lang, { message: string; hint: string }>;

const catalog = {
  'unknown-prefix': {
    en: { message: 'unknown prefix "{prefix}:"', hint: '{suggestion}declare it at the top of the file: {declaration}' },
    fr: { message: 'préfixe inconnu « {prefix}: »', hint: '{suggestion}déclarez-le en haut du fichier : {declaration}' },
  },
  syntax: {
    en: { message: 'Turtle syntax error: {detail}', hint: 'check the punctuation just before this point: each statement ends with " .", predicates are separated by " ;" and objects by " ,"' },
    fr: { message: 'erreur de syntaxe Turtle : {detail}', hint: 'vérifiez la ponctuation juste avant : chaque déclaration finit par « . », les prédicats sont séparés par « ; » et les objets par « , »' },
  },
  'unknown-term': {
    en: { message: '{term} is not defined by the Usages communs vocabulary', hint: '{suggestion}new terms are added to ontology/uc.ttl by a separate pull request' },
    fr: { message: '{term} n\'est pas défini par le vocabulaire Usages communs', hint: '{suggestion}un nouveau terme s\'ajoute à ontology/uc.ttl par une pull request à part' },
  },
  'unknown-licence': {
    en: { message: '{licence} is not an SPDX licence identifier', hint: '{suggestion}pick the exact identifier at https://spdx.org/licenses/ (for example AGPL-3.0-only, MIT, etalab-2.0)' },
    fr: { message: '{licence} n\'est pas un identifiant de licence SPDX', hint: '{suggestion}choisissez l\'identifiant exact sur https://spdx.org/licenses/ (par exemple AGPL-3.0-only, MIT, etalab-2.0)' },
  },
  'deprecated-licence': {
    en: { message: '{licence} is a deprecated SPDX identifier', hint: 'say which version applies, e.g. AGPL-3.0-only or AGPL-3.0-or-later' },
    fr: { message: '{licence} est un identifiant SPDX obsolète', hint: 'précisez la version, p. ex. AGPL-3.0-only ou AGPL-3.0-or-later' },
  },
  'dangling-link': {
    en: { message: '{target} is not described by any file', hint: '{suggestion}describe it in a new file {expected}' },
    fr: { message: '{target} n\'est décrit par aucun fichier', hint: '{suggestion}décrivez-le dans un nouveau fichier {expected}' },
  },
  'duplicate-subject': {
    en: { message: '{subject} is already described in {other}', hint: 'describe each entry in one file only: move these statements to {other}' },
    fr: { message: '{subject} est déjà décrit dans {other}', hint: 'chaque fiche est décrite dans un seul fichier : déplacez ces déclarations dans {other}' },
  },
  'path-mismatch': {
    en: { message: 'this file describes {subject}, but its path says {expected}', hint: 'rename the file to {expectedFile}, or change the IRI to {expected}' },
    fr: { message: 'ce fichier décrit {subject}, mais son chemin annonce {expected}', hint: 'renommez le fichier en {expectedFile}, ou changez l\'IRI en {expected}' },
  },
  'foreign-subject': {
    en: { message: '{subject} does not belong in this file, which describes {expected}', hint: 'a file describes only its own entry and its #fragments (e.g. {expected}#membership-…); move these statements to the file of {subject}' },
    fr: { message: '{subject} n\'a pas sa place dans ce fichier, qui décrit {expected}', hint: 'un fichier ne décrit que sa fiche et ses #fragments (p. ex. {expected}#membership-…) ; déplacez ces déclarations dans le fichier de {subject}' },
  },
  'unknown-kind': {
    en: { message: '{folder} is not a folder of entries', hint: 'put the file in one of: {kinds}' },
    fr: { message: '{folder} n\'est pas un dossier de fiches', hint: 'placez le fichier dans l\'un de : {kinds}' },
  },
  'entry-type': {
    en: { message: '{subject} is not typed {type}', hint: 'a file in {folder} describes a {type}: add « a {type} »' },
    fr: { message: '{subject} n\'est pas typé {type}', hint: 'un fichier de {folder} décrit un {type} : ajoutez « a {type} »' },
  },
  'empty-file': {
    en: { message: 'this file contains no statement', hint: 'describe the entry {expected}, or delete the file' },
    fr: { message: 'ce fichier ne contient aucune déclaration', hint: 'décrivez la fiche {expected}, ou supprimez le fichier' },
  },
  suggestion: {
    en: { message: 'did you mean {candidate}? If not, ', hint: '' },
    fr: { message: 'vouliez-vous dire {candidate} ? Sinon, ', hint: '' },
  },
} satisfies Record<string, Entry>;

export type MessageKey = keyof typeof catalog;

function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

export function say(lang: Lang, key: MessageKey, params: Params = {}): { message: string; hint: string } {
  const entry = catalog[key][lang];
  return { message: fill(entry.message, params), hint: fill(entry.hint, params) };
}

export function suggestion(lang: Lang, candidate: string | undefined): string {
  return candidate ? say(lang, 'suggestion', { candidate }).message : '';
}

export function langFrom(value: string | undefined): Lang {
  return value && /^fr\b/i.test(value) ? 'fr' : 'en';
}
