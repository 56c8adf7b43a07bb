// **negotiate** chooses a media type from an Accept header (RFC 9110 q-values and specificity)
// among the types a route offers, with an optional ?format= override for links typed by hand.

export interface MediaRange {
  type: string;
  subtype: string;
  q: number;
  /** Number of media-type parameters other than q: more specific ranges win ties. */
  params: number;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header || !header.trim()) return [{ type: '*', subtype: '*', q: 1, params: 0 }];
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [mime, ...rawParams] = part.trim().split(';').map((s) => s.trim());
    const [type, subtype] = mime.toLowerCase().split('/');
    if (!type || !subtype) continue;
    let q = 1;
    let params = 0;
    for (const p of rawParams) {
      const [k, v] = p.split('=').map((s) => s.trim());
      if (k.toLowerCase() === 'q') {
        const n = Number(v);
        q = Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
      } else params++;
    }
    ranges.push({ type, subtype, q, params });
  }
  return ranges;
}

function specificity(range: MediaRange): number {
  return (range.type === '*' ? 0 : range.subtype === '*' ? 1 : 2) * 10 + range.params;
}

/** The q-value the client gives `mediaType`: that of the most specific matching range, 0 if none. */
export function qualityOf(mediaType: string, ranges: MediaRange[]): number {
  const [type, subtype] = mediaType.toLowerCase().split('/');
  let best: MediaRange | undefined;
  for (const r of ranges) {
    const matches = (r.type === '*' || r.type === type) && (r.subtype === '*' || r.subtype === subtype);
    if (matches && (!best || specificity(r) > specificity(best))) best = r;
  }
  return best?.q ?? 0;
}

/**
 * The offered type the client prefers, or undefined when none is acceptable.
 * Among equal q-values the client's explicit choice (not a wildcard) wins, then the server's order.
 */
export function negotiate(accept: string | undefined, offered: readonly string[]): string | undefined {
  const ranges = parseAccept(accept);
  let best: { type: string; q: number; explicit: boolean } | undefined;
  for (const type of offered) {
    const q = qualityOf(type, ranges);
    if (q <= 0) continue;
    const explicit = ranges.some((r) => `${r.type}/${r.subtype}` === type && r.q === q);
    if (!best || q > best.q || (q === best.q && explicit && !best.explicit)) best = { type, q, explicit };
  }
  return best?.type;
}
