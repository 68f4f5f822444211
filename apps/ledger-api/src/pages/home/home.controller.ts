import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../identity/index.js';
import { html } from '../shared/html.js';
import { layout, pagesFor } from '../shared/layout.js';
import { signInPath } from '../shared/page-access.js';
import { PageContexts } from '../shared/page-context.js';
import { PageErrorFilter } from '../shared/page-error.filter.js';
import { sendPage } from '../shared/page-reply.js';

/** `/`: what the ledger is, and the pages of the signed-in user's role. */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller()
export class HomeController {
  constructor(private readonly contexts: PageContexts) {}

  @Get()
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = await this.contexts.of(request);
    const t = context.messages.home;
    const pages = context.session.kind === 'signed-in' ? pagesFor(context.session.actor, context) : [];
    const next = context.session.kind !== 'signed-in'
      ? html`<p>${t.signInPrompt}</p><p><a class="button-link" href="${signInPath('/')}">${context.messages.nav.signIn}</a></p>`
      : pages.length === 0
        ? ''
        : html`<h2>${t.pagesForYou}</h2><ul>${pages.map((page) => html`<li><a href="${page.href}">${page.label}</a></li>`)}</ul>`;
    sendPage(reply, context, layout(context, { title: t.title, main: html`<p>${t.intro}</p>${next}` }));
  }
}
