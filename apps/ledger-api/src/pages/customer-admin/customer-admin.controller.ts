import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../identity/index.js';
import { afterWrite, doneNotice, positionOf } from '../shared/after-write.js';
import type { CustomerPartner, Page } from '../shared/contract.js';
import { LedgerApiClient, segment, type ApiProblem } from '../shared/ledger-api-client.js';
import { cursorParameter, cursorRefused, invalidCursorPage, LIST_LIMIT, pageAddress, type ListPaging } from '../shared/list-paging.js';
import { refusedPage, type Notice } from '../shared/layout.js';
import { PageAccess, type SignedIn } from '../shared/page-access.js';
import { PageContexts, type PageContext } from '../shared/page-context.js';
import { PageErrorFilter } from '../shared/page-error.filter.js';
import { redirectAfterPost, sendPage } from '../shared/page-reply.js';
import { problemWords } from '../shared/problem-words.js';
import { AskOemRevocationForm, RemoveDapForm } from './customer-admin.dto.js';
import { customerAdminPage } from './customer-admin.view.js';

const PAGE_PATH = '/admin';

/** The customer admin page: my tenant's partners; remove DAP; ask support to revoke an OEM. */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller('admin')
export class CustomerAdminController {
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
    const notices = doneNotice(context, (messages) => ({ 'dap-removed': messages.admin.dapRemoved, 'revocation-asked': messages.admin.revocationAsked }));
    await this.render(context, reply, user, notices, 200);
  }

  @Post('partners/:partnerId/remove-dap')
  async removeDap(@Param('partnerId') partnerId: string, @Body() form: RemoveDapForm, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.contexts.of(request);
    this.access.checkForm(context, { ...form });
    const user = this.access.signedIn(context, reply, PAGE_PATH);
    if (user === undefined) return;
    const path = `/v1/customers/${segment(user.actor.tid)}/partners/${segment(partnerId)}/delegated-admin`;
    const removed = await this.api.writeOnce('DELETE', path, form.idempotencyKey, { token: user.token });
    if (!removed.ok) return this.refused(context, reply, user, removed.problem);
    redirectAfterPost(reply, context, afterWrite(PAGE_PATH, 'dap-removed', removed.position));
  }

  @Post('oem-revocations')
  async askRevocation(@Body() form: AskOemRevocationForm, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.contexts.of(request);
    this.access.checkForm(context, { ...form });
    const user = this.access.signedIn(context, reply, PAGE_PATH);
    if (user === undefined) return;
    const asked = await this.api.writeOnce('POST', `/v1/customers/${segment(user.actor.tid)}/oem-revocation-requests`, form.idempotencyKey, {
      token: user.token,
      body: { partnerId: form.partnerId, reason: form.reason },
    });
    if (!asked.ok) return this.refused(context, reply, user, asked.problem);
    redirectAfterPost(reply, context, afterWrite(PAGE_PATH, 'revocation-asked', asked.position));
  }

  private refused(context: PageContext, reply: FastifyReply, user: SignedIn, problem: ApiProblem): Promise<void> {
    return this.render(context, reply, user, [{ kind: 'refusal', text: problemWords(problem, context.language) }], problem.status);
  }

  private async render(context: PageContext, reply: FastifyReply, user: SignedIn, notices: Notice[], status: number): Promise<void> {
    const position = positionOf(context);
    const page = cursorParameter(context, 'cursor');
    if (!page.ok) return this.invalidCursor(context, reply);
    const cursor = page.cursor === undefined ? '' : `&cursor=${encodeURIComponent(page.cursor)}`;
    const partners = await this.api.call<Page<CustomerPartner>>('GET', `/v1/customers/${segment(user.actor.tid)}/partners?limit=${LIST_LIMIT}${cursor}`, {
      token: user.token,
      ...(position === undefined ? {} : { position }),
    });
    if (!partners.ok && partners.status === 403) {
      // Not a customer admin of this tenant (the API says so): the refusal only, no partner list to act on.
      sendPage(reply, context, refusedPage(context, context.messages.admin.title, problemWords(partners.problem, context.language)), 403);
      return;
    }
    if (cursorRefused(partners)) return this.invalidCursor(context, reply);
    if (!partners.ok) {
      const refusal: Notice = { kind: 'refusal', text: problemWords(partners.problem, context.language) };
      sendPage(reply, context, customerAdminPage(context, user.actor.tid, [], [...notices, refusal]), status === 200 ? partners.status : status);
      return;
    }
    const paging: ListPaging = {
      id: 'partners-pages',
      list: context.messages.admin.list,
      parameter: 'cursor',
      ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
      nextCursor: partners.body.nextCursor,
      shown: partners.body.items.length,
    };
    sendPage(reply, context, customerAdminPage(context, user.actor.tid, partners.body.items, notices, paging), status);
  }

  /** A `cursor` that is not one the API handed out for this list: 400, and the way back to the first page. */
  private invalidCursor(context: PageContext, reply: FastifyReply): void {
    sendPage(reply, context, invalidCursorPage(context, context.messages.admin.title, pageAddress(context, { cursor: undefined })), 400);
  }
}
