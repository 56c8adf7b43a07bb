// **language** picks the page language: an explicit ?lang= wins, then Accept-Language, then French.
import type { Lang } from '../render/views.js';

export function pickLanguage(query: unknown, acceptLanguage: string | undefined): Lang {
  if (query === 'fr' || query === 'en') return query;
  let best: { lang: Lang; q: number } | undefined;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const primary = tag.split('-')[0];
    if ((primary === 'fr' || primary === 'en') && q > 0 && (!best || q > best.q)) best = { lang: primary, q };
  }
  return best?.lang ?? 'fr';
}
