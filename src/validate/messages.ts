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
  encoding: {
    en: { message: 'this file is not valid UTF-8: the first bad byte is here', hint: 'save the file as UTF-8 (in most editors: "Save with encoding" → UTF-8); in another encoding its accented letters would be published garbled' },
    fr: { message: 'ce fichier n\'est pas en UTF-8 valide : le premier octet fautif est ici', hint: 'enregistrez le fichier en UTF-8 (dans la plupart des éditeurs : « Enregistrer avec l\'encodage » → UTF-8) ; dans un autre encodage, ses lettres accentuées seraient publiées illisibles' },
  },
  'ignored-file': {
    en: { message: '{file} will not be loaded: only .ttl files are read', hint: 'if it describes an entry, rename it to {expected}; otherwise move it out of {root}' },
    fr: { message: '{file} ne sera pas chargé : seuls les fichiers .ttl sont lus', hint: 's\'il décrit une fiche, renommez-le en {expected} ; sinon, sortez-le de {root}' },
  },
  slug: {
    en: { message: '"{slug}" is not a valid file name: a name is a slug of lowercase ASCII letters, digits and hyphens', hint: 'rename the file to {expectedFile} (made from {source}) and write its IRI {iri}' },
    fr: { message: '« {slug} » n\'est pas un nom de fichier valide : un nom est un slug de lettres ASCII minuscules, de chiffres et de tirets', hint: 'renommez le fichier en {expectedFile} (tiré de {source}) et écrivez son IRI {iri}' },
  },
  'unknown-concept': {
    en: { message: '{concept} is not in the list "{scheme}" ({file})', hint: '{closest}to add a new one, propose it in {file} by a pull request of its own' },
    fr: { message: '{concept} ne fait pas partie de la liste « {scheme} » ({file})', hint: '{closest}pour en ajouter un, proposez-le dans {file} par une pull request à part' },
  },
  closest: {
    en: { message: 'the closest existing ones are {candidates}; ', hint: '' },
    fr: { message: 'les plus proches sont {candidates} ; ', hint: '' },
  },
  'licence-as-text': {
    en: { message: 'the licence {text} is written as a text: a licence is an SPDX IRI', hint: '{fix} (with PREFIX spdx: <http://spdx.org/licenses/> at the top of the file)' },
    fr: { message: 'la licence {text} est écrite comme un texte : une licence est un IRI SPDX', hint: '{fix} (avec PREFIX spdx: <http://spdx.org/licenses/> en haut du fichier)' },
  },
  'licence-fix': {
    en: { message: 'write schema:license {licence} instead', hint: 'find the identifier at https://spdx.org/licenses/ and write schema:license spdx:<identifier>' },
    fr: { message: 'écrivez plutôt schema:license {licence}', hint: 'trouvez l\'identifiant sur https://spdx.org/licenses/ et écrivez schema:license spdx:<identifiant>' },
  },
  'duplicate-name': {
    en: { message: '{subject} has two names {language}: {names}', hint: 'keep one schema:name per language; put the other in schema:alternateName' },
    fr: { message: '{subject} a deux noms {language} : {names}', hint: 'gardez un seul schema:name par langue ; mettez l\'autre dans schema:alternateName' },
  },
  'same-link': {
    en: { message: '{subject} shares {what} with {other} ({otherFile})', hint: 'if they are the same, keep a single entry and delete this one; otherwise check the address' },
    fr: { message: '{subject} a {what} en commun avec {other} ({otherFile})', hint: 'si c\'est la même chose, gardez une seule fiche et supprimez celle-ci ; sinon, vérifiez l\'adresse' },
  },
  'repeated-block': {
    en: { message: '{subject} is described a second time in this file (first at line {first})', hint: 'a pasted copy? keep one block: delete the copy, or merge what differs into the first{conflicts}' },
    fr: { message: '{subject} est décrit une seconde fois dans ce fichier (d\'abord à la ligne {first})', hint: 'une copie collée ? gardez un seul bloc : supprimez la copie, ou reportez ce qui diffère dans le premier{conflicts}' },
  },
  'repeated-conflicts': {
    en: { message: '; the two blocks give different values of {predicates}, where one is allowed', hint: '' },
    fr: { message: ' ; les deux blocs donnent des valeurs différentes de {predicates}, là où une seule est permise', hint: '' },
  },
  'too-many-values': {
    en: { message: 'too many values for {path}', hint: 'keep a single value of {path}' },
    fr: { message: 'trop de valeurs pour {path}', hint: 'gardez une seule valeur de {path}' },
  },
  placeholder: {
    en: { message: '{path} is still the placeholder {value}', hint: 'replace it with the real value: the comment above it says what goes there' },
    fr: { message: '{path} est encore le texte à remplacer {value}', hint: 'remplacez-le par la vraie valeur : le commentaire au-dessus dit quoi y mettre' },
  },
  'no-such-path': {
    en: { message: '{path}: no such file or folder', hint: '(if it was the value of a flag, npm kept the flag: write npm run validate -- … --flag value)' },
    fr: { message: '{path} : aucun fichier ou dossier de ce nom', hint: '(si c\'était la valeur d\'une option, npm a gardé l\'option : écrivez npm run validate -- … --option valeur)' },
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

/** French for a French locale as systems name it (`fr`, `fr_FR.UTF-8`, `fr-CA`), English otherwise. */
export function langFrom(value: string | undefined): Lang {
  // Not /^fr\b/: "_" is a word character, so that missed fr_FR.UTF-8, the usual French locale.
  return value && /^fr(?![a-z])/i.test(value) ? 'fr' : 'en';
}

const SEVERITY: Record<Lang, Record<'error' | 'warning', string>> = {
  en: { error: 'error:', warning: 'warning:' },
  fr: { error: 'erreur :', warning: 'avertissement :' },
};

export function severityLabel(lang: Lang, severity: 'error' | 'warning'): string {
  return SEVERITY[lang][severity];
}

/** "3 files checked: 1 error, 0 warnings" / "3 fichiers vérifiés : 1 erreur, 0 avertissement". */
export function summaryLine(lang: Lang, files: number, errors: number, warnings: number): string {
  if (lang === 'fr') {
    // French puts 0 and 1 in the singular.
    const n = (count: number, word: string) => `${count} ${word}${count > 1 ? 's' : ''}`;
    return `${n(files, 'fichier')} vérifié${files > 1 ? 's' : ''} : ${n(errors, 'erreur')}, ${n(warnings, 'avertissement')}`;
  }
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${n(files, 'file')} checked: ${n(errors, 'error')}, ${n(warnings, 'warning')}`;
}
