import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The cookie holding the browser's random CSRF secret; forms carry a token derived from it. */
export const CSRF_COOKIE = 'ledger_csrf';
/** The hidden form field every page form posts. */
export const CSRF_FIELD = 'csrf';

/**
 * Cross-site request forgery protection: a signed double-submit token bound to the session. The form's token is
 * an HMAC, under a key only the service knows, of the browser's CSRF cookie and its session cookie: a forged
 * form cannot know it, an injected cookie cannot produce it, and it stops working when the session changes.
 * The key is kept in LEDGER_DATA_DIR (see csrf-key.ts), so forms survive a restart and work on every instance.
 */
export class CsrfTokens {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the CSRF key must have at least 32 bytes');
  }

  newBrowserSecret(): string {
    return randomBytes(24).toString('base64url');
  }

  tokenFor(browserSecret: string, session: string | undefined): string {
    return createHmac('sha256', this.key).update(`${browserSecret}\n${session ?? ''}`).digest('base64url');
  }

  verify(token: unknown, browserSecret: string | undefined, session: string | undefined): boolean {
    if (typeof token !== 'string' || browserSecret === undefined || browserSecret === '') return false;
    const expected = Buffer.from(this.tokenFor(browserSecret, session));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
