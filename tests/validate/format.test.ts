import { describe, expect, it } from 'vitest';
import { formatGithub, formatGitlab, formatJson, formatText } from '../../src/validate/format.js';
import type { Finding } from '../../src/validate/finding.js';

const finding: Finding = {
  code: 'shacl',
  severity: 'error',
  location: { file: 'data/commons/a,b.ttl', line: 16, column: 3 },
  message: 'commons:x: 100% wrong\nreally',
  hint: 'fix: it',
  focus: 'https://w3id.org/usages-communs/id/commons/x',
  path: 'http://schema.org/license',
  constraint: 'Pattern',
};

describe('finding formats', () => {
  it('writes one line per finding for people: file:line:column severity: message — hint', () => {
    const lines = formatText([finding, { ...finding, severity: 'warning' }]).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('data/commons/a,b.ttl:16:3 warning: commons:x: 100% wrong really — fix: it');
  });

  it('escapes GitHub annotation properties and data', () => {
    expect(formatGithub([finding])).toBe('::error file=data/commons/a%2Cb.ttl,line=16,col=3,title=shacl::commons:x: 100%25 wrong%0Areally — fix: it');
    expect(formatGithub([{ ...finding, severity: 'warning' }])).toMatch(/^::warning /);
  });

  it('gives tools every field as JSON', () => {
    expect(JSON.parse(formatJson([finding]))).toEqual([{
      file: 'data/commons/a,b.ttl', line: 16, column: 3, severity: 'error', code: 'shacl',
      message: finding.message, hint: finding.hint, focus: finding.focus, path: finding.path, constraint: 'Pattern',
    }]);
  });

  // GitHub's workflow-command syntax: `::error file=F,line=L,col=C,title=T::MESSAGE`, where property values
  // escape % CR LF : , as %25 %0D %0A %3A %2C and the message escapes % CR LF. Parsed back, nothing is lost.
  it('writes GitHub annotations that parse back to the finding', () => {
    const unescape = (s: string) => s.replace(/%(25|0D|0A|3A|2C)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const lines = formatGithub([finding, { ...finding, severity: 'warning', location: { file: 'data/x:y.ttl', line: 1, column: 1 } }]).split('\n');
    const parsed = lines.map((line) => {
      const m = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
      expect(m, line).not.toBeNull();
      const props = Object.fromEntries(m![2].split(',').map((p) => { const [k, v] = p.split('='); return [k, unescape(v)]; }));
      return { command: m![1], props, message: unescape(m![3]) };
    });
    expect(parsed[0]).toEqual({ command: 'error', props: { file: 'data/commons/a,b.ttl', line: '16', col: '3', title: 'shacl' }, message: `${finding.message} — ${finding.hint}` });
    expect(parsed[1].props.file).toBe('data/x:y.ttl');
    expect(parsed[1].command).toBe('warning');
  });

  // GitLab Code Quality: a JSON array; each issue needs description, check_name, fingerprint (unique),
  // severity (info, minor, major, critical or blocker) and location.path with location.lines.begin.
  it('writes a GitLab Code Quality report with every required field', () => {
    const report = JSON.parse(formatGitlab([finding, { ...finding, severity: 'warning', location: { ...finding.location, line: 17 } }]));
    expect(Array.isArray(report)).toBe(true);
    for (const issue of report) {
      expect(typeof issue.description).toBe('string');
      expect(issue.description).not.toMatch(/\n/);
      expect(typeof issue.check_name).toBe('string');
      expect(issue.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      expect(typeof issue.location.path).toBe('string');
      expect(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1).toBe(true);
    }
    expect(report.map((i: { severity: string }) => i.severity)).toEqual(['major', 'minor']);
    expect(report[0]).toMatchObject({ check_name: 'usages-communs/shacl', location: { path: 'data/commons/a,b.ttl', lines: { begin: 16 } } });
    expect(new Set(report.map((i: { fingerprint: string }) => i.fingerprint)).size).toBe(2);
    expect(JSON.parse(formatGitlab([]))).toEqual([]);
  });

  it('writes French severities in French text', () => {
    expect(formatText([finding], 'fr')).toBe('data/commons/a,b.ttl:16:3 erreur : commons:x: 100% wrong really — fix: it');
  });
});
