// The Turtle parser's own messages, as n3 (pinned) writes them, in the contributor's language.
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { parseTurtle, TurtleSyntaxError } from '../../src/graph/parse-turtle.js';
import { explainSyntax } from '../../src/validate/syntax-messages.js';

async function parserMessage(text: string): Promise<string> {
  try {
    await parseTurtle(text, 'x.ttl', 'https://example.org/', DataFactory.namedNode('https://example.org/g'));
  } catch (error) {
    if (error instanceof TurtleSyntaxError) return error.message;
    throw error;
  }
  throw new Error('parsed without error');
}

const P = 'PREFIX s: <http://schema.org/>\n';

describe('syntax messages', () => {
  it.each([
    ['an unclosed quote', `${P}<a> s:name "Decidim ;\n  s:url <b> .`, 'unterminated string: this quote is never closed', 'texte non terminé : ce guillemet n\'est jamais fermé'],
    ['a missing semicolon', `${P}<a> s:name "A"\n  s:url <b> .`, 'Expected punctuation to follow ""A""', 'ponctuation attendue après « "A" »'],
    ['a missing final dot', `${P}<a> s:name "A" ;\n  s:url <b>`, 'Expected punctuation to follow "https://example.org/b"', 'ponctuation attendue après « https://example.org/b »'],
    ['a stray character', `${P}<a> s:name "A" ; § .`, 'unexpected "§"', 'caractères inattendus « § »'],
    ['a prefix without IRI', '@prefix s: "x" .\n', 'Expected IRI to follow prefix "s:"', 'un IRI <…> était attendu après le préfixe « s: »'],
  ])('%s', async (_, text, en, fr) => {
    const detail = await parserMessage(text);
    expect(explainSyntax(detail, 'en').message).toBe(en);
    expect(explainSyntax(detail, 'fr').message).toBe(fr);
  });

  it('keeps an unknown message, quoted, rather than inventing one', () => {
    expect(explainSyntax('Something new', 'fr').message).toBe('erreur du lecteur Turtle (« Something new »)');
    expect(explainSyntax('Something new', 'en').message).toBe('Something new');
  });

  it('gives an unclosed quote its own hint', () => {
    expect(explainSyntax('Unexpected ""Decidim ;"', 'fr').hint).toMatch(/fermez le texte/);
  });
});
