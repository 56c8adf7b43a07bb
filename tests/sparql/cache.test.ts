import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/sparql/cache.js';

const answer = (text: string) => ({ body: text });

describe('AnswerCache', () => {
  it('drops the least recently used answers past its byte budget', () => {
    const cache = new AnswerCache<{ body: string }>(40, 40); // 20 characters
    cache.set('a', answer('aaaaaaaa'));
    cache.set('b', answer('bbbbbbbb'));
    expect(cache.get('a')?.body).toBe('aaaaaaaa'); // a is now the most recent
    cache.set('c', answer('cccccccc'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('does not keep an answer larger than its per-entry limit', () => {
    const cache = new AnswerCache<{ body: string }>(1000, 10);
    cache.set('big', answer('x'.repeat(6)));
    expect(cache.get('big')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('replaces an answer under the same key and forgets everything on clear', () => {
    const cache = new AnswerCache<{ body: string }>(1000);
    cache.set('k', answer('one'));
    cache.set('k', answer('two'));
    expect([cache.get('k')?.body, cache.size]).toEqual(['two', 1]);
    cache.clear();
    expect(cache.get('k')).toBeUndefined();
  });
});
