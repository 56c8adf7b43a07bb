// **format** writes findings for people (one line each), for tools (JSON), for GitHub pull requests (annotations)
// and for GitLab merge requests (a Code Quality report).
import { createHash } from 'node:crypto';
import type { Finding } from './finding.js';
import { severityLabel, type Lang } from './messages.js';

export type OutputFormat = 'text' | 'json' | 'github' | 'gitlab';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'github', 'gitlab'];

function where(f: Finding): string {
  return `${f.location.file}:${f.location.line}:${f.location.column}`;
}

/** Folds line breaks (a multi-line literal quoted in a message) so that each finding stays on one line. */
const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ');

export function formatText(findings: Finding[], lang: Lang = 'en'): string {
  return findings.map((f) => oneLine(`${where(f)} ${severityLabel(lang, f.severity)} ${f.message} — ${f.hint}`)).join('\n');
}

export function formatJson(findings: Finding[]): string {
  return JSON.stringify(
    findings.map((f) => ({
      file: f.location.file,
      line: f.location.line,
      column: f.location.column,
      severity: f.severity,
      code: f.code,
      message: f.message,
      hint: f.hint,
      ...(f.focus ? { focus: f.focus } : {}),
      ...(f.path ? { path: f.path } : {}),
      ...(f.value !== undefined ? { value: f.value } : {}),
      ...(f.constraint ? { constraint: f.constraint } : {}),
    })),
    null,
    2,
  );
}

// GitHub workflow commands: properties escape %, CR, LF, ':' and ','; the message escapes %, CR, LF.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One GitHub workflow command: `::error file=…,line=…,col=…,title=…::message`. */
export function githubAnnotation(severity: Finding['severity'], location: Finding['location'], title: string, text: string): string {
  const props = `file=${escapeProperty(location.file)},line=${location.line},col=${location.column},title=${escapeProperty(title)}`;
  return `::${severity === 'error' ? 'error' : 'warning'} ${props}::${escapeData(text)}`;
}

export function formatGithub(findings: Finding[]): string {
  return findings.map((f) => githubAnnotation(f.severity, f.location, f.code, `${f.message} — ${f.hint}`)).join('\n');
}

/**
 * GitLab Code Quality (a subset of the Code Climate spec): a JSON array of issues, each with description,
 * check_name, a fingerprint unique to the issue, severity (info|minor|major|critical|blocker) and
 * location.path with location.lines.begin. Errors are "major" (they fail the check), warnings "minor".
 */
export function formatGitlab(findings: Finding[]): string {
  return JSON.stringify(
    findings.map((f) => ({
      description: oneLine(`${f.message} — ${f.hint}`),
      check_name: `usages-communs/${f.code}`,
      fingerprint: createHash('sha256').update([f.location.file, f.location.line, f.location.column, f.code, f.message].join('\u0000')).digest('hex').slice(0, 32),
      severity: f.severity === 'error' ? 'major' : 'minor',
      location: { path: f.location.file, lines: { begin: f.location.line } },
    })),
    null,
    2,
  );
}

export function formatFindings(findings: Finding[], format: OutputFormat, lang: Lang = 'en'): string {
  if (format === 'json') return formatJson(findings);
  if (format === 'github') return formatGithub(findings);
  if (format === 'gitlab') return formatGitlab(findings);
  return formatText(findings, lang);
}
