import { describe, expect, it } from 'vitest';
import { formatGithub, formatJson, formatText } from '../../src/validate/format.js';
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
});
