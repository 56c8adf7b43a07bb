import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, createConfig, PROJECT_ROOT } from '../src/config.js';
import { ROOT } from './helpers.js';

describe('createConfig', () => {
  it('defaults to the bundled data, port 3000 and the w3id base', () => {
    const config = createConfig({}, {});
    expect(PROJECT_ROOT).toBe(ROOT);
    expect(config).toMatchObject({ port: 3000, dataDir: path.join(ROOT, 'data'), baseIri: 'https://w3id.org/usages-communs/', strict: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes environment variables, and options over them', () => {
    const env = { PORT: '8080', DATA_DIR: '/tmp/x', BASE_IRI: 'https://example.org/dir' };
    expect(createConfig({}, env)).toMatchObject({ port: 8080, dataDir: '/tmp/x', baseIri: 'https://example.org/dir/' });
    expect(createConfig({ port: '9000' }, env).port).toBe(9000);
  });

  it('refuses a bad port or base IRI with a message that says what is wrong', () => {
    expect(() => createConfig({ port: 'eighty' }, {})).toThrow(ConfigError);
    expect(() => createConfig({ port: '70000' }, {})).toThrow(/0 to 65535/);
    expect(() => createConfig({ baseIri: 'not an iri' }, {})).toThrow(/not an absolute IRI/);
    expect(() => createConfig({ baseIri: 'ftp://example.org/' }, {})).toThrow(/http or https/);
    expect(() => createConfig({ baseIri: 'https://example.org/#x' }, {})).toThrow(/query or a fragment/);
  });

  it('takes an optional edit-link prefix, which must be an http(s) URL', () => {
    expect(createConfig({}, {}).editBaseUrl).toBeUndefined();
    expect(createConfig({}, { EDIT_BASE_URL: 'https://github.com/o/r/edit/main' }).editBaseUrl).toBe('https://github.com/o/r/edit/main/');
    expect(createConfig({ editBaseUrl: 'https://example.org/e/' }, { EDIT_BASE_URL: 'https://x.org/' }).editBaseUrl).toBe('https://example.org/e/');
    expect(() => createConfig({ editBaseUrl: 'javascript:alert(1)' }, {})).toThrow(/http or https/);
  });
});
