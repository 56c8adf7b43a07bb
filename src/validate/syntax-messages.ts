// **syntax-messages** turns the Turtle parser's (n3's) English error messages into the contributor's language,
// and names the common mistakes in plain words: an unclosed quote is an "unterminated string", not
// `Unexpected ""Decidim`. The n3 version is pinned, and tests/validate/syntax-messages.test.ts covers each form.
import type { Lang } from './messages.js';

interface Rule {
  pattern: RegExp;
  en: (m: RegExpExecArray) => string;
  fr: (m: RegExpExecArray) => string;
  /** A hint of its own, replacing the general one about punctuation. */
  hint?: Record<Lang, string>;
}

const UNTERMINATED_HINT: Record<Lang, string> = {
  en: 'close the text with the same quote on this line, or use """…""" for a text over several lines',
  fr: 'fermez le texte par le même guillemet sur cette ligne, ou utilisez """…""" pour un texte sur plusieurs lignes',
};

const RULES: Rule[] = [
  // The lexer stops at a quote it cannot close: what follows is the rest of the line.
  { pattern: /^Unexpected "(["'].*)"$/s, en: () => 'unterminated string: this quote is never closed', fr: () => 'texte non terminé : ce guillemet n\'est jamais fermé', hint: UNTERMINATED_HINT },
  { pattern: /^Unexpected "(.*)"$/s, en: (m) => `unexpected "${m[1]}"`, fr: (m) => `caractères inattendus « ${m[1]} »` },
  { pattern: /^Expected punctuation to follow "(.*)"$/s, en: (m) => `Expected punctuation to follow "${m[1]}"`, fr: (m) => `ponctuation attendue après « ${m[1]} »` },
  { pattern: /^Expected entity but got (.*)$/s, en: (m) => `Expected entity but got ${m[1]}`, fr: (m) => `une valeur (IRI, nom préfixé ou texte) était attendue, pas « ${m[1]} »` },
  { pattern: /^Expected predicate but got (.*)$/s, en: (m) => `Expected predicate but got ${m[1]}`, fr: (m) => `un prédicat était attendu, pas « ${m[1]} »` },
  { pattern: /^Expected dot to follow quad$/, en: () => 'Expected dot to follow quad', fr: () => 'un point final était attendu' },
  { pattern: /^Expected declaration to end with a dot$/, en: () => 'Expected declaration to end with a dot', fr: () => 'la déclaration @prefix doit finir par un point' },
  { pattern: /^Expected prefix to follow @prefix$/, en: () => 'Expected prefix to follow @prefix', fr: () => 'un préfixe était attendu après @prefix' },
  { pattern: /^Expected IRI to follow prefix "(.*)"$/s, en: (m) => `Expected IRI to follow prefix "${m[1]}"`, fr: (m) => `un IRI <…> était attendu après le préfixe « ${m[1]} »` },
  { pattern: /^Expected valid IRI to follow base declaration$/, en: () => 'Expected valid IRI to follow base declaration', fr: () => 'un IRI valide était attendu après BASE' },
  { pattern: /^Invalid IRI$/, en: () => 'Invalid IRI', fr: () => 'IRI invalide' },
  { pattern: /^Unexpected literal$/, en: () => 'Unexpected literal', fr: () => 'texte inattendu à cet endroit' },
  { pattern: /^Disallowed blank node as predicate$/, en: () => 'Disallowed blank node as predicate', fr: () => 'un nœud anonyme ne peut pas être un prédicat' },
  { pattern: /^Invalid directive name: "(.*)"$/s, en: (m) => `Invalid directive name: "${m[1]}"`, fr: (m) => `directive inconnue « ${m[1]} » (seules @prefix et @base existent)` },
  { pattern: /^Unexpected (.*)$/s, en: (m) => `Unexpected ${m[1]}`, fr: (m) => `« ${m[1]} » inattendu` },
];

/** The parser's message in the contributor's language, with a hint of its own when the mistake has a name. */
export function explainSyntax(detail: string, lang: Lang): { message: string; hint?: string } {
  for (const rule of RULES) {
    const m = rule.pattern.exec(detail);
    if (m) return { message: rule[lang](m), hint: rule.hint?.[lang] };
  }
  return { message: lang === 'fr' ? `erreur du lecteur Turtle (« ${detail} »)` : detail };
}
