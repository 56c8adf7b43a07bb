// The options of the SPARQL endpoint's deployment: --trust-proxy and --sparql-engine/--graph-store.
import { describe, expect, it } from 'vitest';
import { checkTrustProxy, ConfigError, createConfig } from '../../src/config.js';

describe('--trust-proxy', () => {
  it('is off unless given', () => {
    expect(createConfig({}, {}).trustProxy).toBe(false);
    for (const off of ['', 'false', 'no', '0']) expect(checkTrustProxy(off)).toBe(false);
  });

  it('takes true (one hop), a hop count, or addresses and subnets, from the option or TRUST_PROXY', () => {
    expect(checkTrustProxy('true')).toBe(1);
    expect(checkTrustProxy('2')).toBe(2);
    expect(checkTrustProxy('loopback, 10.0.0.0/8 ,::1')).toBe('loopback,10.0.0.0/8,::1');
    expect(createConfig({}, { TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(createConfig({ trustProxy: '1' }, { TRUST_PROXY: 'loopback' }).trustProxy).toBe(1);
  });

  it('refuses what is not an address, with what it takes', () => {
    expect(() => checkTrustProxy('proxy.example.org')).toThrow(ConfigError);
    expect(() => checkTrustProxy('10.0.0.0/33')).toThrow(/subnet/);
  });
});

describe('--sparql-engine and --graph-store', () => {
  it('go together, from options or SPARQL_ENGINE and GRAPH_STORE, with credentials from the environment', () => {
    const config = createConfig({}, { SPARQL_ENGINE: 'http://127.0.0.1:8890/sparql', GRAPH_STORE: 'http://127.0.0.1:8890/sparql-graph-crud-auth', SPARQL_ENGINE_USER: 'dba', SPARQL_ENGINE_PASSWORD: 'secret' });
    expect(config.sparql.engine).toEqual({ queryUrl: 'http://127.0.0.1:8890/sparql', storeUrl: 'http://127.0.0.1:8890/sparql-graph-crud-auth', user: 'dba', password: 'secret' });
    expect(createConfig({}, {}).sparql.engine).toBeUndefined();
    expect(() => createConfig({ sparqlEngine: 'http://127.0.0.1:8890/sparql' }, {})).toThrow(/go together/);
    expect(() => createConfig({ sparqlEngine: 'ftp://x/sparql', graphStore: 'http://x/store' }, {})).toThrow(/absolute http/);
  });
});
