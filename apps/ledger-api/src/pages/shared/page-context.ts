import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { chooseLanguage, LANGUAGE_COOKIE, MESSAGES, type Language } from '../i18n/language.js';
import type { Messages } from '../i18n/messages.en.js';
import { LedgerConfig } from '../../config/ledger-config.js';
import { readCookies, setCookie } from './cookies.js';
import { CSRF_COOKIE, CsrfTokens } from './csrf-tokens.js';
import { PageSessions, SESSION_COOKIE, type SessionState } from './page-session.js';

/** Everything a page needs to know about the request it answers. */
export interface PageContext {
  readonly language: Language;
  readonly messages: Messages;
  readonly session: SessionState;
  /** The token the page's forms must post back. */
  readonly csrfToken: string;
  /** Path and query as requested, for the language switch and "sign in, then come back". */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The service is reached over TLS (the request, or PUBLIC_BASE_URL): cookies get `Secure`. */
  readonly secure: boolean;
  /** `Set-Cookie` values to send with the answer. */
  readonly cookies: string[];
  /** The browser's CSRF secret and raw session cookie, to check a posted form. */
  readonly browserSecret: string | undefined;
  readonly sessionCookie: string | undefined;
  /** The cookie of a session that has ended (its token expired): a form made during it still proves its origin. */
  readonly endedSessionCookie?: string;
}

/**
 * The page a form posted to `path` belongs to, where its answer's links (language, sign-in) lead back: the consent
 * page for its Accept, the console or admin page for their actions.
 */
const pageOfForm = (path: string): string => {
  if (path.endsWith('/accept')) return path.slice(0, -'/accept'.length);
  if (path === '/sign-out') return '/';
  const section = /^\/(admin|support|audit)(?:\/|$)/.exec(path);
  return section === null ? path : `/${section[1]}`;
};

@Injectable()
export class PageContexts {
  /** The service is reached over https (TLS ends at a proxy in front of it): its cookies are `Secure` whatever the hop. */
  private readonly behindHttps: boolean;

  constructor(
    private readonly sessions: PageSessions,
    private readonly csrf: CsrfTokens,
    config: LedgerConfig,
  ) {
    this.behindHttps = config.PUBLIC_BASE_URL?.startsWith('https:') === true;
  }

  /** The context without looking at the session (error pages, which must answer even when verifying fails). */
  anonymous(request: FastifyRequest): PageContext {
    return this.build(request, { kind: 'signed-out' });
  }

  async of(request: FastifyRequest): Promise<PageContext> {
    const session = await this.sessions.stateOf(readCookies(request.headers.cookie).get(SESSION_COOKIE));
    return this.build(request, session);
  }

  private build(request: FastifyRequest, session: SessionState): PageContext {
    const jar = readCookies(request.headers.cookie);
    const url = new URL(request.url, 'http://page.invalid');
    const secure = this.behindHttps || request.protocol === 'https';
    const cookies: string[] = [];
    const asked = url.searchParams.get('lang') ?? undefined;
    const language = chooseLanguage(asked, jar.get(LANGUAGE_COOKIE), request.headers['accept-language']);
    if (asked === language) cookies.push(setCookie(LANGUAGE_COOKIE, language, { secure, maxAge: 365 * 24 * 3600 }));
    let browserSecret = jar.get(CSRF_COOKIE);
    if (browserSecret === undefined || browserSecret === '') {
      browserSecret = this.csrf.newBrowserSecret();
      cookies.push(setCookie(CSRF_COOKIE, browserSecret, { secure }));
    }
    const sessionCookie = jar.get(SESSION_COOKIE);
    if (session.kind === 'ended') cookies.push(setCookie(SESSION_COOKIE, '', { secure, maxAge: 0 }));
    return {
      language,
      messages: MESSAGES[language],
      session,
      csrfToken: this.csrf.tokenFor(browserSecret, session.kind === 'signed-in' ? sessionCookie : undefined),
      path: request.method === 'POST' ? pageOfForm(url.pathname) : url.pathname,
      query: url.searchParams,
      secure,
      cookies,
      browserSecret: jar.get(CSRF_COOKIE),
      sessionCookie: session.kind === 'signed-in' ? sessionCookie : undefined,
      ...(session.kind === 'ended' && sessionCookie !== undefined ? { endedSessionCookie: sessionCookie } : {}),
    };
  }
}
