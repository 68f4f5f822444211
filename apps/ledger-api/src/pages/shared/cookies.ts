/** Reading the `Cookie` header and writing `Set-Cookie` values (RFC 6265), for the few cookies the pages use. */

export const readCookies = (header: string | undefined): Map<string, string> => {
  const cookies = new Map<string, string>();
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    const raw = pair.slice(at + 1).trim();
    if (cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(raw));
    } catch {
      // A cookie another site or tool left malformed is ignored, not an error.
    }
  }
  return cookies;
};

export interface CookieOptions {
  /** Only sent over TLS: set when the request came over https. */
  readonly secure: boolean;
  /** Seconds; 0 deletes the cookie; absent keeps it for the browser session. */
  readonly maxAge?: number;
  readonly path?: string;
}

/** Every cookie of the pages is `HttpOnly` and `SameSite=Lax`: no script reads it, no cross-site POST carries it. */
export const setCookie = (name: string, value: string, options: CookieOptions): string =>
  [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? '/'}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
    ...(options.maxAge === undefined ? [] : [`Max-Age=${options.maxAge}`]),
  ].join('; ');
