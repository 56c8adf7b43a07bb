import { describe, expect, it } from 'vitest';
import { langFrom } from '../../src/validate/messages.js';

describe('the language of the command-line messages', () => {
  it('is French for a French locale however the system spells it', () => {
    for (const locale of ['fr', 'fr_FR.UTF-8', 'fr_CA', 'fr-BE', 'FR_fr.utf8', 'fr.UTF-8']) expect(langFrom(locale), locale).toBe('fr');
  });

  it('is English otherwise, and without a locale', () => {
    for (const locale of [undefined, '', 'C', 'C.UTF-8', 'en_US.UTF-8', 'de_DE.UTF-8', 'fry_NL', 'french']) expect(langFrom(locale), String(locale)).toBe('en');
  });
});
