import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { RouteConstraints } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../identity/index.js';
import type { ConsentAcceptedAnswer, ConsentLinkShown } from '../shared/contract.js';
import { HTML_CONSTRAINT } from '../shared/html-negotiation.js';
import { LedgerApiClient, segment } from '../shared/ledger-api-client.js';
import { PageAccess } from '../shared/page-access.js';
import { PageContexts } from '../shared/page-context.js';
import { PageErrorFilter } from '../shared/page-error.filter.js';
import { sendPage } from '../shared/page-reply.js';
import { problemWords } from '../shared/problem-words.js';
import { AcceptConsentForm } from './consent-page.dto.js';
import { acceptedPage, consentPage, refusedLinkPage, signInFirstPage } from './consent-page.view.js';

/** Refusals of the signed-in account itself: accepting again with it can only be refused again. */
const NOT_THIS_ACCOUNT = new Set(['WRONG_TENANT', 'NOT_GLOBAL_ADMIN', 'NOT_CLOUD_NATIVE']);

/**
 * The customer's consent page. It lives at the consent link itself (`/v1/consent-links/<token>`, for a browser;
 * the API answers JSON there to API clients) and at `/consent-links/<token>`; its form posts to
 * `/consent-links/<token>/accept`, which calls `POST /v1/consent-links/<token>/accept` with the user's token.
 */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller()
export class ConsentPageController {
  constructor(
    private readonly contexts: PageContexts,
    private readonly access: PageAccess,
    private readonly api: LedgerApiClient,
  ) {}

  @Get('v1/consent-links/:token')
  @RouteConstraints({ [HTML_CONSTRAINT]: 'html' })
  atTheLink(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.show(token, request, reply);
  }

  @Get('consent-links/:token')
  async show(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.contexts.of(request);
    if (context.session.kind !== 'signed-in') {
      sendPage(reply, context, signInFirstPage(context, context.path));
      return;
    }
    const shown = await this.api.call<ConsentLinkShown>('GET', `/v1/consent-links/${segment(token)}`, { token: context.session.token });
    if (!shown.ok) {
      sendPage(reply, context, refusedLinkPage(context, context.path, problemWords(shown.problem, context.language)), shown.status);
      return;
    }
    sendPage(reply, context, consentPage(context, token, shown.body));
  }

  @Post('consent-links/:token/accept')
  async accept(@Param('token') token: string, @Body() form: AcceptConsentForm, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.contexts.of(request);
    this.access.checkForm(context, { ...form });
    const pagePath = `/consent-links/${segment(token)}`;
    const user = this.access.signedIn(context, reply, pagePath);
    if (user === undefined) return;
    const shown = await this.api.call<ConsentLinkShown>('GET', `/v1/consent-links/${segment(token)}`, { token: user.token });
    if (!shown.ok) {
      sendPage(reply, context, refusedLinkPage(context, pagePath, problemWords(shown.problem, context.language)), shown.status);
      return;
    }
    if (form.yes !== 'yes') {
      sendPage(reply, context, consentPage(context, token, shown.body, [{ kind: 'refusal', text: context.messages.consent.tickYes }]), 400);
      return;
    }
    // Once per form: a double click waits for the first click's answer (its "nothing was recorded" would be false).
    const accepted = await this.api.writeOnce<ConsentAcceptedAnswer>('POST', `/v1/consent-links/${segment(token)}/accept`, form.idempotencyKey, {
      token: user.token,
      body: { confirm: true },
    });
    if (accepted.ok) {
      sendPage(reply, context, acceptedPage(context, shown.body, accepted.body));
      return;
    }
    const words = problemWords(accepted.problem, context.language);
    const sentence = `${/[.!?]$/.test(words) ? words : `${words}.`} ${context.messages.consent.nothingRecorded}`;
    // This account may never accept this link: the refusal and how to switch account, not the form again.
    const page = accepted.problem.code !== undefined && NOT_THIS_ACCOUNT.has(accepted.problem.code)
      ? refusedLinkPage(context, pagePath, sentence)
      : consentPage(context, token, shown.body, [{ kind: 'refusal', text: sentence }]);
    sendPage(reply, context, page, accepted.status);
  }
}
