import type { Actor } from './actor.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

const actor = (sub: string): Actor => ({ sub, tid: 'tenant-p1', roles: ['partner'], wids: [], partnerId: 'P1' });
const NOW = Date.parse('2026-03-10T10:00:00.000Z');
const inSeconds = (seconds: number): number => NOW / 1000 + seconds;

describe('VerifiedTokenCache', () => {
  it('answers a verified token until its exp, then forgets it', () => {
    const cache = new VerifiedTokenCache();
    cache.remember('token-a', actor('a'), inSeconds(60), NOW);
    expect(cache.get('token-a', NOW + 59_999)).toMatchObject({ sub: 'a' });
    expect(cache.get('token-a', NOW + 60_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never keeps a verification longer than its maximum age, whatever the exp', () => {
    const cache = new VerifiedTokenCache(10, 1_000);
    cache.remember('token-a', actor('a'), inSeconds(3_600), NOW);
    expect(cache.get('token-a', NOW + 999)).toBeDefined();
    expect(cache.get('token-a', NOW + 1_000)).toBeUndefined();
  });

  it('does not keep a token that is already expired (accepted only within the clock tolerance)', () => {
    const cache = new VerifiedTokenCache();
    cache.remember('token-a', actor('a'), inSeconds(-5), NOW);
    expect(cache.get('token-a', NOW)).toBeUndefined();
  });

  it('is bounded: past its capacity the oldest verification goes first', () => {
    const cache = new VerifiedTokenCache(2);
    cache.remember('token-a', actor('a'), inSeconds(60), NOW);
    cache.remember('token-b', actor('b'), inSeconds(60), NOW);
    cache.remember('token-c', actor('c'), inSeconds(60), NOW);
    expect(cache.size).toBe(2);
    expect(cache.get('token-a', NOW)).toBeUndefined();
    expect(cache.get('token-c', NOW)).toMatchObject({ sub: 'c' });
  });

  it('hands out a frozen actor, so no request can change what the next one sees', () => {
    const cache = new VerifiedTokenCache();
    cache.remember('token-a', actor('a'), inSeconds(60), NOW);
    const cached = cache.get('token-a', NOW)!;
    expect(Object.isFrozen(cached)).toBe(true);
    expect(Object.isFrozen(cached.roles)).toBe(true);
  });
});
