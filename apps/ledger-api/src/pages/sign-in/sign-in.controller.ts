import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GLOBAL_ADMINISTRATOR_ROLE_ID, mintLocalToken, Public } from '../../identity/index.js';
import { readCookies, setCookie } from '../shared/cookies.js';
import { PageAccess } from '../shared/page-access.js';
import { PageContexts, type PageContext } from '../shared/page-context.js';
import { PageErrorFilter } from '../shared/page-error.filter.js';
import { redirectAfterPost, safeReturnPath, sendPage } from '../shared/page-reply.js';
import { PageSessions, SESSION_COOKIE } from '../shared/page-session.js';
import { decodeTransaction, encodeTransaction, OIDC_COOKIE, OIDC_COOKIE_SECONDS, OidcSignIn } from './oidc-sign-in.js';
import { LocalSignInForm, TokenOnlyForm } from './sign-in.dto.js';
import { SignInModes } from './sign-in-mode.js';
import { signInPage } from './sign-in.view.js';

/** The page each role lands on after signing in, when it did not come from a link. */
const HOME_OF_ROLE = { customer: '/admin', support: '/support', auditor: '/audit', partner: '/' } as const;

/** Sign-in: OpenID Connect with a configured provider, else the local sign-in page; and sign-out. */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller()
export class SignInController {
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
    const { url, transaction } = await this.oidc.start(mode.oidc, safeReturnPath(returnTo));
    context.cookies.push(setCookie(OIDC_COOKIE, encodeTransaction(transaction), { secure: context.secure, maxAge: OIDC_COOKIE_SECONDS }));
    redirectAfterPost(reply, context, url.href);
  }

  @Get('sign-in/callback')
  async fromProvider(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.contexts.of(request);
    const { mode } = this.modes;
    const transaction = decodeTransaction(readCookies(request.headers.cookie).get(OIDC_COOKIE));
    context.cookies.push(setCookie(OIDC_COOKIE, '', { secure: context.secure, maxAge: 0 }));
    if (mode.kind !== 'oidc' || transaction === undefined) {
      redirectAfterPost(reply, context, '/sign-in?failed=1');
      return;
    }
    let token: string;
    try {
      token = await this.oidc.finish(mode.oidc, request.url.split('?')[1] ?? '', transaction);
      // A token this API would refuse (another audience, say) must not become a session that ends at once.
      if ((await this.sessions.stateOf(token)).kind !== 'signed-in') throw new Error('the provider issued a token this API does not accept');
    } catch {
      redirectAfterPost(reply, context, `/sign-in?failed=1&returnTo=${encodeURIComponent(transaction.returnTo)}`);
      return;
    }
    this.startSession(context, token);
    redirectAfterPost(reply, context, transaction.returnTo);
  }

  @Post('sign-out')
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() form: TokenOnlyForm): Promise<void> {
    const context = await this.contexts.of(request);
    this.access.checkForm(context, { ...form });
    context.cookies.push(setCookie(SESSION_COOKIE, '', { secure: context.secure, maxAge: 0 }));
    redirectAfterPost(reply, context, '/');
  }

  private startSession(context: PageContext, token: string): void {
    context.cookies.push(setCookie(SESSION_COOKIE, token, { secure: context.secure }));
  }
}
