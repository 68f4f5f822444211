import { Body, Controller, Get, Logger, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GLOBAL_ADMINISTRATOR_ROLE_ID, mintLocalToken, Public } from '../../identity/index.js';
import { readCookies, setCookie } from '../shared/cookies.js';
import { PageAccess } from '../shared/page-access.js';
import { PageContexts, type PageContext } from '../shared/page-context.js';
import { PageErrorFilter } from '../shared/page-error.filter.js';
import { redirectAfterPost, safeReturnPath, sendPage } from '../shared/page-reply.js';
import { PageSessions, SESSION_COOKIE } from '../shared/page-session.js';
import { OidcSignIn } from './oidc-sign-in.js';
import { decodeTransaction, encodeTransaction, OIDC_COOKIE, OIDC_COOKIE_SECONDS } from './oidc-transaction.js';
import { LocalSignInForm, TokenOnlyForm } from './sign-in.dto.js';
import { SignInModes, type SignInMode } from './sign-in-mode.js';
import { signInPage } from './sign-in.view.js';

/** The page each role lands on after signing in, when it did not come from a link. */
const HOME_OF_ROLE = { customer: '/admin', support: '/support', auditor: '/audit', partner: '/' } as const;

/** Sign-in: OpenID Connect with a configured provider, else the local sign-in page; and sign-out. */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller()
export class SignInController {
  private readonly logger = new Logger('SignIn');

  constructor(
    private readonly contexts: PageContexts,
    private readonly access: PageAccess,
    private readonly modes: SignInModes,
    private readonly oidc: OidcSignIn,
    private readonly sessions: PageSessions,
  ) {}

  @Get('sign-in')
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('returnTo') returnTo?: string): Promise<void> {
    const context = await this.contexts.of(request);
    const notices = context.query.get('ended') === '1' ? [{ kind: 'info' as const, text: context.messages.sessionExpired }] : [];
    if (context.query.get('failed') === '1') notices.push({ kind: 'info', text: context.messages.signIn.providerFailed });
    // No returnTo: the form posts none, and the role's own page is where the user lands.
    sendPage(reply, context, signInPage(context, this.modes.mode, safeReturnPath(returnTo, ''), notices));
  }

  @Post('sign-in')
  async signInLocally(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() form: LocalSignInForm): Promise<void> {
    const context = await this.contexts.of(request);
    this.access.checkForm(context, { ...form });
    const { mode } = this.modes;
    // With an identity provider configured, nobody may pick an identity: only the provider signs people in.
    if (mode.kind !== 'local') {
      sendPage(reply, context, signInPage(context, mode, safeReturnPath(form.returnTo)), 404);
      return;
    }
    const role = form.role;
    const token = await mintLocalToken(mode.dataDir, {
      sub: `local:${form.signInName}`,
      tid: form.tenantId,
      roles: role === 'customer' ? [] : [role],
      ...(role === 'partner' && form.partnerId ? { partnerId: form.partnerId } : {}),
      ...(form.globalAdmin === 'yes' ? { wids: [GLOBAL_ADMINISTRATOR_ROLE_ID] } : {}),
      upn: form.signInName,
    });
    this.startSession(context, token);
    redirectAfterPost(reply, context, safeReturnPath(form.returnTo, HOME_OF_ROLE[role]));
  }

  @Get('sign-in/oidc')
  async toProvider(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('returnTo') returnTo?: string): Promise<void> {
    const context = await this.contexts.of(request);
    const { mode } = this.modes;
    if (mode.kind !== 'oidc') {
      redirectAfterPost(reply, context, `/sign-in?returnTo=${encodeURIComponent(safeReturnPath(returnTo))}`);
      return;
    }
    let started: Awaited<ReturnType<OidcSignIn['start']>>;
    try {
      started = await this.oidc.start(mode.oidc, safeReturnPath(returnTo));
    } catch (error) {
      // The provider's metadata could not be read (down, misconfigured): say so on the page, details in the log.
      this.logger.error({ err: error }, `OpenID Connect discovery of ${mode.oidc.issuer.href} failed`);
      this.refuse(reply, context, mode, safeReturnPath(returnTo, ''), 502);
      return;
    }
    context.cookies.push(setCookie(OIDC_COOKIE, encodeTransaction(started.transaction), { secure: context.secure, maxAge: OIDC_COOKIE_SECONDS }));
    redirectAfterPost(reply, context, started.url.href);
  }

  /**
   * The provider sends the browser back here. openid-client checks `state` against this browser's transaction
   * cookie, exchanges the code with its PKCE verifier and checks the ID token's nonce; the access token must then
   * be one this API accepts. Anything else: the sign-in page with a refusal (400), no session, the reason logged.
   */
  @Get('sign-in/callback')
  async fromProvider(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.contexts.of(request);
    const { mode } = this.modes;
    const transaction = decodeTransaction(readCookies(request.headers.cookie).get(OIDC_COOKIE));
    context.cookies.push(setCookie(OIDC_COOKIE, '', { secure: context.secure, maxAge: 0 }));
    if (mode.kind !== 'oidc') {
      redirectAfterPost(reply, context, '/sign-in');
      return;
    }
    const returnTo = safeReturnPath(transaction?.returnTo, '');
    let token: string;
    try {
      if (transaction === undefined) throw new Error('no sign-in in progress in this browser (no or malformed transaction cookie, or older than ten minutes)');
      token = await this.oidc.finish(mode.oidc, request.url.split('?')[1] ?? '', transaction);
      // A token this API would refuse (another audience, say) must not become a session that ends at once.
      const session = await this.sessions.stateOf(token);
      if (session.kind !== 'signed-in') throw new Error('the provider issued an access token this API does not accept (check AUTH_SCOPE and AUTH_AUDIENCE)');
    } catch (error) {
      this.logger.warn({ err: error }, 'OpenID Connect sign-in refused');
      this.refuse(reply, context, mode, returnTo, 400);
      return;
    }
    this.startSession(context, token);
    redirectAfterPost(reply, context, returnTo === '' ? '/' : returnTo);
  }

  @Post('sign-out')
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() form: TokenOnlyForm): Promise<void> {
    const context = await this.contexts.of(request);
    this.access.checkForm(context, { ...form });
    context.cookies.push(setCookie(SESSION_COOKIE, '', { secure: context.secure, maxAge: 0 }));
    redirectAfterPost(reply, context, '/');
  }

  /** The sign-in page again, saying the provider did not sign the user in; its link still comes back to `returnTo`. */
  private refuse(reply: FastifyReply, context: PageContext, mode: SignInMode, returnTo: string, status: number): void {
    sendPage(reply, context, signInPage(context, mode, returnTo, [{ kind: 'refusal', text: context.messages.signIn.providerFailed }]), status);
  }

  private startSession(context: PageContext, token: string): void {
    context.cookies.push(setCookie(SESSION_COOKIE, token, { secure: context.secure }));
  }
}
