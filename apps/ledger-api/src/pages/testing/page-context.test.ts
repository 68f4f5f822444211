// Test support (not a test: jest runs *.spec.ts only, and the build skips *.test.ts).
import { MESSAGES } from '../i18n/language.js';
import type { PageContext } from '../shared/page-context.js';

/** A signed-out page context in `language`, for rendering views in specs. */
export const pageContextIn = (language: 'en' | 'fr', path: string): PageContext => ({
  language,
  messages: MESSAGES[language],
  session: { kind: 'signed-out' },
  csrfToken: 'csrf',
  path,
  query: new URLSearchParams(),
  secure: false,
  cookies: [],
  browserSecret: undefined,
  sessionCookie: undefined,
});
