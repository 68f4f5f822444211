import { readCookies, setCookie } from './cookies.js';

describe('page cookies', () => {
  it('reads the first value of each cookie and skips malformed ones', () => {
    const cookies = readCookies('a=1; b=x%20y; a=2; broken; c=%E0%A4%A');
    expect([...cookies]).toEqual([
      ['a', '1'],
      ['b', 'x y'],
    ]);
  });

  it('writes HttpOnly, SameSite=Lax, and Secure only over TLS', () => {
    expect(setCookie('s', 'v w', { secure: false })).toBe('s=v%20w; Path=/; HttpOnly; SameSite=Lax');
    expect(setCookie('s', '', { secure: true, maxAge: 0 })).toBe('s=; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=0');
  });
});
