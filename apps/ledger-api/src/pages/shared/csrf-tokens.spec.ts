import { CsrfTokens } from './csrf-tokens.js';

describe('CSRF tokens', () => {
  const tokens = new CsrfTokens();
  const secret = tokens.newBrowserSecret();

  it('accepts the token made for this browser secret and session', () => {
    expect(tokens.verify(tokens.tokenFor(secret, 'session-a'), secret, 'session-a')).toBe(true);
    expect(tokens.verify(tokens.tokenFor(secret, undefined), secret, undefined)).toBe(true);
  });

  it('refuses a token of another session, another browser, another process, or none', () => {
    expect(tokens.verify(tokens.tokenFor(secret, 'session-a'), secret, 'session-b')).toBe(false);
    expect(tokens.verify(tokens.tokenFor(secret, 'session-a'), tokens.newBrowserSecret(), 'session-a')).toBe(false);
    expect(tokens.verify(new CsrfTokens().tokenFor(secret, 'session-a'), secret, 'session-a')).toBe(false);
    expect(tokens.verify(undefined, secret, 'session-a')).toBe(false);
    expect(tokens.verify(tokens.tokenFor(secret, 'session-a'), undefined, 'session-a')).toBe(false);
  });
});
