// **iri-paths** maps the directory's canonical IRIs to paths on whatever origin serves them, and back.
// The data keeps https://w3id.org/usages-communs/id/…; a server on localhost or a staging host serves
// the same entity at /id/…, and its pages link there.

/** Whether `iri` is under the base, and so served by this server. */
export function isLocalIri(iri: string, baseIri: string): boolean {
  return iri.startsWith(baseIri) && iri.length > baseIri.length;
}

/** The path at which this server serves `iri` (its #fragment kept), or undefined for an outside IRI. */
export function iriToPath(iri: string, baseIri: string): string | undefined {
  return isLocalIri(iri, baseIri) ? `/${iri.slice(baseIri.length)}` : undefined;
}

/** The canonical IRI of a request path (without query or fragment). */
export function pathToIri(path: string, baseIri: string): string {
  return `${baseIri}${path.replace(/^\/+/, '')}`;
}

/** A link for pages: local IRIs become paths on the serving origin, others stay as they are. */
export function hrefFor(iri: string, baseIri: string): string {
  return iriToPath(iri, baseIri) ?? iri;
}
