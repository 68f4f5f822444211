import { randomBytes } from 'node:crypto';
import { CsrfTokens } from './csrf-tokens.js';

describe('CSRF tokens', () => {
  const key = randomBytes(32);
  const tokens = new CsrfTokens(key);
  const secret = tokens.newBrowserSecret();

  it('accepts the token made for this browser secret and session', () => {
    expect(tokens.verify(tokens.tokenFor(secret, 'session-a'), secret, 'session-a')).toBe(true);
    expect(tokens.verify(tokens.tokenFor(secret, undefined), secret, undefined)).toBe(true);
  });

  it('refuses a token of another session, another browser, another process, or none', () => {
    expect(tokens.verify(tokens.tokenFor(secret, 'session-a'), secret, 'session-b')).toBe(false);
    expect(tokens.verify(tokens.tokenFor(secret, 'session-a'), tokens.newBrowserSecret(), 'session-a')).toBe(false);
    expect(tokens.verify(new CsrfTokens(randomBytes(32)).tokenFor(secret, 'session-a'), secret, 'session-a')).toBe(false);
    expect(tokens.verify(undefined, secret, 'session-a')).toBe(false);
    expect(tokens.verify(tokens.tokenFor(secret, 'session-a'), undefined, 'session-a')).toBe(false);
  });

  it('accepts a token made by another instance with the same key (a restart, a second instance)', () => {
    expect(tokens.verify(new CsrfTokens(Buffer.from(key)).tokenFor(secret, 'session-a'), secret, 'session-a')).toBe(true);
  });

  it('refuses a key too short to be a secret', () => {
    expect(() => new CsrfTokens(randomBytes(16))).toThrow('at least 32 bytes');
  });
});
