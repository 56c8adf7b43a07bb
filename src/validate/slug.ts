// **slug** makes the file name and IRI of an entry from its name: lowercase ASCII letters, digits and hyphens.

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', þ: 'th' };

/** "La Quadrature du Net" → "la-quadrature-du-net"; "Économie d'Été" → "economie-d-ete". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[œæßøđłþ]/g, (c) => LIGATURES[c])
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export const isSlug = (s: string): boolean => SLUG.test(s);
