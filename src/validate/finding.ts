// **finding** is what every check reports: one problem, where it is, and how to fix it.
import type { Location } from '../graph/parse-turtle.js';

export type Severity = 'error' | 'warning';

export const FINDING_CODES = [
  'syntax',
  'unknown-prefix',
  'shacl',
  'unknown-term',
  'unknown-licence',
  'dangling-link',
  'duplicate-subject',
  'path-mismatch',
  'foreign-subject',
  'unknown-kind',
  'entry-type',
  'empty-file',
  'encoding',
  'ignored-file',
  'slug',
  'unknown-concept',
  'licence-as-text',
  'duplicate-name',
  'same-link',
  'repeated-block',
  'placeholder',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

export interface Finding {
  code: FindingCode;
  severity: Severity;
  location: Location;
  message: string;
  hint: string;
  /** The node the finding is about, when there is one (SHACL focus node, defined subject…). */
  focus?: string;
  /** The predicate involved, when there is one. */
  path?: string;
  /** The offending value, when there is one (an IRI or a literal's text). */
  value?: string;
  /** The SHACL constraint component, for SHACL findings. */
  constraint?: string;
}

export function byLocation(a: Finding, b: Finding): number {
  return (
    a.location.file.localeCompare(b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    a.message.localeCompare(b.message)
  );
}

export const isError = (f: Finding): boolean => f.severity === 'error';
