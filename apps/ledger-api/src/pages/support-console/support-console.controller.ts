import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../identity/index.js';
import { afterWrite, positionOf } from '../shared/after-write.js';
import type { OemConsentLinkRequest, OemRevocationRequest, Page } from '../shared/contract.js';
import { html } from '../shared/html.js';
import { refusedPage, type Notice } from '../shared/layout.js';
import { LedgerApiClient, segment, type ApiAnswer, type ApiProblem } from '../shared/ledger-api-client.js';
import { cursorParameter, cursorRefused, invalidCursorPage, LIST_LIMIT, pageAddress, type CursorParameter, type ListPaging } from '../shared/list-paging.js';
import { PageAccess, type SignedIn } from '../shared/page-access.js';
import { PageContexts, type PageContext } from '../shared/page-context.js';
import { PageErrorFilter } from '../shared/page-error.filter.js';
import { redirectAfterPost, sendPage } from '../shared/page-reply.js';
import { readForm, typedValues, type FormToFix } from '../shared/page-form.js';
import { problemWords } from '../shared/problem-words.js';
import { CompleteRevocationForm, EnrolPartnerForm, IssueOemLinkForm, RejectRevocationForm } from './support-console.dto.js';
import { supportConsolePage } from './support-console.view.js';

const PAGE_PATH = '/support';
/** The enrolment form's fields as a person sees them, and those they type (whose message shows next to them). */
const ENROL_FIELDS_SHOWN = ['partnerId', 'name', 'kind', 'oemDirectApiEligible', 'indirectProviderId'];
const ENROL_FIELDS_TYPED = ['partnerId', 'name', 'kind', 'indirectProviderId'];
/** Each queue pages on its own: the URL parameter of its cursor. */
const REVOCATIONS_CURSOR = 'revocationsCursor';
const LINK_REQUESTS_CURSOR = 'linkRequestsCursor';

/** A queue's read, from its cursor (none: its first page). */
const queuePath = (path: string, page: CursorParameter): string =>
  `${path}?status=pending&limit=${LIST_LIMIT}${page.ok && page.cursor !== undefined ? `&cursor=${encodeURIComponent(page.cursor)}` : ''}`;

/** The support console: OEM revocation queue, OEM consent links, partner enrolment. */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller('support')
export class SupportConsoleController {
  constructor(
    private readonly contexts: PageContexts,
    private readonly access: PageAccess,
    private readonly api: LedgerApiClient,
  ) {}

  @Get()
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.contexts.of(request);
    const user = this.access.signedIn(context, reply, PAGE_PATH);
    if (user === undefined) return;
    await this.render(context, reply, user, await this.doneNotices(context, user), 200);
  }

  @Post('revocations/:id/complete')
  async complete(@Param('id') id: string, @Body() form: CompleteRevocationForm, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.write(request, reply, { ...form }, 'completed', (user) =>
      this.api.writeOnce('POST', `/v1/oem-revocation-requests/${segment(id)}/complete`, form.idempotencyKey, { token: user.token }),
    );
  }

  @Post('revocations/:id/reject')
  async reject(@Param('id') id: string, @Body() form: RejectRevocationForm, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.write(request, reply, { ...form }, 'rejected', (user) =>
      this.api.writeOnce('POST', `/v1/oem-revocation-requests/${segment(id)}/reject`, form.idempotencyKey, { token: user.token, body: { reason: form.reason } }),
    );
  }

  @Post('oem-links')
  async issueLink(@Body() form: IssueOemLinkForm, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.write(request, reply, { ...form }, 'link-issued', (user) =>
      this.api.writeOnce('POST', `/v1/partners/${segment(form.partnerId)}/oem-consent-link`, form.idempotencyKey, { token: user.token }),
      { partner: form.partnerId },
    );
  }

  @Post('partners')
  async enrol(@Body() body: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // Read here, not by the global pipe: a value the browser let through shows the form again, what was typed kept.
    const read = await readForm(EnrolPartnerForm, body, ENROL_FIELDS_SHOWN, ENROL_FIELDS_TYPED);
    if (!read.ok) {
      const context = await this.contexts.of(request);
      this.access.checkForm(context, body);
      const user = this.access.signedIn(context, reply, PAGE_PATH);
      if (user === undefined) return;
      return this.render(context, reply, user, [{ kind: 'refusal', text: context.messages.support.fixFields }], 400, read.toFix);
    }
    const form = read.form;
    const enrolment = {
      partnerId: form.partnerId,
      name: form.name,
      kind: form.kind,
      ...(form.kind === 'OEM' ? { oemDirectApiEligible: form.oemDirectApiEligible === 'yes' } : {}),
      ...(form.indirectProviderId ? { indirectProviderId: form.indirectProviderId } : {}),
    };
    // Refused by the API (already enrolled, an unknown indirect provider): the form again, what was typed kept.
    const typed: FormToFix = { invalid: new Set(), values: typedValues(body, ENROL_FIELDS_SHOWN) };
    await this.write(
      request,
      reply,
      { ...form },
      'enrolled',
      (user) => this.api.writeOnce('POST', '/v1/partners', form.idempotencyKey, { token: user.token, body: enrolment }),
      { partner: form.partnerId },
      typed,
    );
  }

  /** A form: check it, call the API, then show the console with what was done, or the refusal in words. */
  private async write(
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    done: string,
    call: (user: SignedIn) => Promise<ApiAnswer<unknown>>,
    extra: Record<string, string> = {},
    enrolTyped?: FormToFix,
  ): Promise<void> {
    const context = await this.contexts.of(request);
    this.access.checkForm(context, form);
    const user = this.access.signedIn(context, reply, PAGE_PATH);
    if (user === undefined) return;
    const answer = await call(user);
    if (!answer.ok) return this.refused(context, reply, user, answer.problem, enrolTyped);
    redirectAfterPost(reply, context, afterWrite(PAGE_PATH, done, answer.position, extra));
  }

  private async doneNotices(context: PageContext, user: SignedIn): Promise<Notice[]> {
    const t = context.messages.support;
    const partner = context.query.get('partner') ?? '';
    switch (context.query.get('done')) {
      case 'completed':
        return [{ kind: 'success', text: t.completed }];
      case 'rejected':
        return [{ kind: 'success', text: t.rejected }];
      case 'enrolled': {
        // The partner named in the URL is shown only once the ledger knows it: the URL is anyone's to write.
        const enrolled = await this.api.call('GET', `/v1/partners/${segment(partner)}`, { token: user.token });
        return enrolled.ok ? [{ kind: 'success', text: t.enrolled(partner) }] : [];
      }
      case 'link-issued': {
        const link = await this.api.call<{ consentLink: string }>('GET', `/v1/partners/${segment(partner)}/oem-consent-link`, { token: user.token });
        if (!link.ok) return [{ kind: 'refusal', text: problemWords(link.problem, context.language) }];
        return [{ kind: 'success', text: t.issued(partner), extra: html`<p><code class="mono copy-link">${link.body.consentLink}</code></p>` }];
      }
      default:
        return [];
    }
  }

  private refused(context: PageContext, reply: FastifyReply, user: SignedIn, problem: ApiProblem, enrolTyped?: FormToFix): Promise<void> {
    return this.render(context, reply, user, [{ kind: 'refusal', text: problemWords(problem, context.language) }], problem.status, enrolTyped);
  }

  private async render(context: PageContext, reply: FastifyReply, user: SignedIn, notices: Notice[], status: number, enrolToFix?: FormToFix): Promise<void> {
    const position = positionOf(context);
    const read = { token: user.token, ...(position === undefined ? {} : { position }) };
    const revocationsPage = cursorParameter(context, REVOCATIONS_CURSOR);
    const linkRequestsPage = cursorParameter(context, LINK_REQUESTS_CURSOR);
    if (!revocationsPage.ok || !linkRequestsPage.ok) return this.invalidCursor(context, reply, !revocationsPage.ok, !linkRequestsPage.ok);
    const [revocations, linkRequests] = await Promise.all([
      this.api.call<Page<OemRevocationRequest>>('GET', queuePath('/v1/oem-revocation-requests', revocationsPage), read),
      this.api.call<Page<OemConsentLinkRequest>>('GET', queuePath('/v1/oem-consent-link-requests', linkRequestsPage), read),
    ]);
    const forbidden = [revocations, linkRequests].find((answer) => !answer.ok && answer.status === 403);
    if (forbidden !== undefined && !forbidden.ok) {
      // Not support (the API says so): the refusal only, none of the console's forms.
      sendPage(reply, context, refusedPage(context, context.messages.support.title, problemWords(forbidden.problem, context.language)), 403);
      return;
    }
    if (cursorRefused(revocations) || cursorRefused(linkRequests)) return this.invalidCursor(context, reply, cursorRefused(revocations), cursorRefused(linkRequests));
    const refusals: Notice[] = [revocations, linkRequests].flatMap((answer) =>
      answer.ok ? [] : [{ kind: 'refusal' as const, text: problemWords(answer.problem, context.language) }],
    );
    const t = context.messages.support;
    const paging = (id: string, list: string, parameter: string, page: CursorParameter, answer: ApiAnswer<Page<unknown>>): ListPaging | undefined =>
      answer.ok
        ? { id, list, parameter, ...(page.ok && page.cursor !== undefined ? { cursor: page.cursor } : {}), nextCursor: answer.body.nextCursor, shown: answer.body.items.length }
        : undefined;
    const queues = {
      revocations: revocations.ok ? revocations.body.items : [],
      linkRequests: linkRequests.ok ? linkRequests.body.items : [],
      revocationsPaging: paging('revocations-pages', t.revocationsList, REVOCATIONS_CURSOR, revocationsPage, revocations),
      linkRequestsPaging: paging('link-requests-pages', t.linkRequestsList, LINK_REQUESTS_CURSOR, linkRequestsPage, linkRequests),
    };
    const firstFailure = !revocations.ok ? revocations.status : !linkRequests.ok ? linkRequests.status : 200;
    sendPage(reply, context, supportConsolePage(context, queues, [...notices, ...refusals.slice(0, 1)], enrolToFix), status === 200 ? firstFailure : status);
  }

  /** A queue's cursor that is not one the API handed out for it: 400, and the way to that queue's first page. */
  private invalidCursor(context: PageContext, reply: FastifyReply, revocations: boolean, linkRequests: boolean): void {
    const firstPage = pageAddress(context, {
      ...(revocations ? { [REVOCATIONS_CURSOR]: undefined } : {}),
      ...(linkRequests ? { [LINK_REQUESTS_CURSOR]: undefined } : {}),
    });
    sendPage(reply, context, invalidCursorPage(context, context.messages.support.title, firstPage), 400);
  }
}
