// Independent readers of SPARQL results, for tests: the JSON and XML parsers Comunica's HTTP source uses,
// and an RFC 4180 CSV reader.
import { Readable } from 'node:stream';
import { SparqlJsonParser } from 'sparqljson-parse';
import { SparqlXmlParser } from 'sparqlxml-parse';
import type { Term } from 'n3';

export type ParsedRow = Record<string, Term>;

export function parseJsonResults(body: string): ParsedRow[] {
  const rows = new SparqlJsonParser({ prefixVariableQuestionMark: false }).parseJsonResults(JSON.parse(body));
  return rows as unknown as ParsedRow[];
}

export function parseJsonBoolean(body: string): boolean {
  return new SparqlJsonParser().parseJsonBoolean(JSON.parse(body));
}

export async function parseXmlResults(body: string): Promise<ParsedRow[]> {
  const rows: ParsedRow[] = [];
  const stream = new SparqlXmlParser({ prefixVariableQuestionMark: false }).parseXmlResultsStream(Readable.from([body]));
  for await (const row of stream as AsyncIterable<ParsedRow>) rows.push(row);
  return rows;
}

export function parseXmlBoolean(body: string): Promise<boolean> {
  return new SparqlXmlParser().parseXmlBooleanStream(Readable.from([body]));
}

/** RFC 4180: fields separated by commas, quoted when they hold a comma, a quote or a line break. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}
