// **publication** says who publishes the directory's data and under which licence: one place, read by the
// DCAT description (dcterms:license, dcterms:publisher) and by the schema.org JSON-LD of the pages.

/**
 * The licence of the directory's data: CC0-1.0, like its vocabulary (README, "Licence"), so that anyone may
 * reuse the entries without conditions.
 */
export const DATASET_LICENCE = 'http://spdx.org/licenses/CC0-1.0';

/** The publisher: the cooperative, which the directory itself describes (data/actors/usages-communs.ttl). */
export const publisherIri = (baseIri: string) => `${baseIri}id/actors/usages-communs`;
