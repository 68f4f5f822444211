import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { verifyCheckpoint, type SignedCheckpoint } from '@ledger/ledger-proofs';
import { Public } from '../../identity/index.js';
import type { Page, RegistrationAuthorisation, TimelineEvent } from '../shared/contract.js';
import { LedgerApiClient, segment, type ApiAnswer } from '../shared/ledger-api-client.js';
import { cursorRefused, invalidCursorPage, LIST_LIMIT, pageAddress, type ListPaging } from '../shared/list-paging.js';
import { PageAccess, type SignedIn } from '../shared/page-access.js';
import { PageContexts, type PageContext } from '../shared/page-context.js';
import { refusedPage } from '../shared/layout.js';
import { PageErrorFilter } from '../shared/page-error.filter.js';
import { sendPage } from '../shared/page-reply.js';
import { readForm } from '../shared/page-form.js';
import { problemWords } from '../shared/problem-words.js';
import { asOfInstant, AuditorViewQuery, CURSOR_FIELDS } from './auditor-view.query.js';
import { auditorViewPage, type CheckpointAnswer, type Section } from './auditor-view.view.js';

/** The view's three questions, as an auditor types them. */
const QUERY_FIELDS = ['tenantId', 'partnerId', 'asOf'];

/** A list's read from the page's cursor for it (none: its first page). */
const cursorOf = (cursor: string | undefined): string => (cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`);

/** The auditor's view: read only, every answer from the audit routes of the API. */
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
@Controller('audit')
export class AuditorViewController {
  constructor(
    private readonly contexts: PageContexts,
    private readonly access: PageAccess,
    private readonly api: LedgerApiClient,
  ) {}

  @Get()
  async page(@Query() rawQuery: Record<string, unknown>, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // Read here, not by the global pipe: a value the browser let through shows the view again, what was typed kept.
    const read = await readForm(AuditorViewQuery, rawQuery, QUERY_FIELDS, [...QUERY_FIELDS, ...CURSOR_FIELDS]);
    const context = await this.contexts.of(request);
    const user = this.access.signedIn(context, reply, `${context.path}?${context.query.toString()}`);
    if (user === undefined) return;
    const query: AuditorViewQuery = read.ok ? read.form : {};
    const typed = read.ok ? {} : read.toFix.values;
    const tenantId = query.tenantId ?? typed.tenantId ?? '';
    const partnerId = query.partnerId ?? typed.partnerId ?? '';
    const asOf = query.asOf ? asOfInstant(query.asOf) : (typed.asOf ?? new Date().toISOString());
    const [checkpoint, timelineAnswer, authorisationsAnswer] = await Promise.all([
      this.checkpoint(context, user),
      tenantId === '' || !read.ok
        ? undefined
        : this.api.call<Page<TimelineEvent>>('GET', `/v1/audit/customers/${segment(tenantId)}/timeline?limit=${LIST_LIMIT}${cursorOf(query.timelineCursor)}`, { token: user.token }),
      partnerId === '' || !read.ok
        ? undefined
        : this.api.call<Page<RegistrationAuthorisation>>(
            'GET',
            `/v1/audit/partners/${segment(partnerId)}/registration-authorisations?asOf=${encodeURIComponent(asOf)}&limit=${LIST_LIMIT}${cursorOf(query.authorisationsCursor)}`,
            { token: user.token },
          ),
    ]);
    const timeline = this.items(context, timelineAnswer);
    const authorisations = this.items(context, authorisationsAnswer);
    // The page's status is the first refusal's (403 for a caller who is not an auditor), else 200.
    const refused = [checkpoint, timeline, authorisations].find((section) => section.kind === 'refused');
    const status = refused?.kind === 'refused' ? refused.status : 200;
    if (refused?.kind === 'refused' && status === 403) {
      // Not an auditor (the API says so): the refusal only, none of the view's forms.
      sendPage(reply, context, refusedPage(context, context.messages.audit.title, refused.words), status);
      return;
    }
    // A cursor that is not one (altered), or that the API did not hand out for this list: the way to its first page.
    const wrongCursors = {
      timelineCursor: (!read.ok && read.toFix.invalid.has('timelineCursor')) || (timelineAnswer !== undefined && cursorRefused(timelineAnswer)),
      authorisationsCursor: (!read.ok && read.toFix.invalid.has('authorisationsCursor')) || (authorisationsAnswer !== undefined && cursorRefused(authorisationsAnswer)),
    };
    if (wrongCursors.timelineCursor || wrongCursors.authorisationsCursor) {
      const firstPage = pageAddress(context, Object.fromEntries(CURSOR_FIELDS.filter((field) => wrongCursors[field]).map((field) => [field, undefined])));
      sendPage(reply, context, invalidCursorPage(context, context.messages.audit.title, firstPage), 400);
      return;
    }
    if (!read.ok) {
      const notices = [{ kind: 'refusal' as const, text: context.messages.audit.fixFields }];
      sendPage(reply, context, auditorViewPage(context, { tenantId, partnerId, asOf, timeline, authorisations, checkpoint, invalid: read.toFix.invalid }, notices), 400);
      return;
    }
    // A next page asks the same questions: the instant shown, even when the URL left it to "now".
    const t = context.messages.audit;
    const carry = { tenantId, partnerId, asOf };
    const paging = (id: string, list: string, parameter: (typeof CURSOR_FIELDS)[number], answer: ApiAnswer<Page<unknown>> | undefined): ListPaging | undefined =>
      answer?.ok === true
        ? { id, list, parameter, carry, ...(query[parameter] === undefined ? {} : { cursor: query[parameter] }), nextCursor: answer.body.nextCursor, shown: answer.body.items.length }
        : undefined;
    const answers = {
      tenantId,
      partnerId,
      asOf,
      timeline,
      authorisations,
      checkpoint,
      timelinePaging: paging('timeline-pages', t.timeline, 'timelineCursor', timelineAnswer),
      authorisationsPaging: paging('authorisations-pages', t.authorisationsList, 'authorisationsCursor', authorisationsAnswer),
    };
    sendPage(reply, context, auditorViewPage(context, answers), status);
  }

  /** A list not asked (no tenant or partner given), its page, or the API's refusal in words. */
  private items<Item>(context: PageContext, answer: ApiAnswer<Page<Item>> | undefined): Section<readonly Item[]> {
    if (answer === undefined) return { kind: 'not-asked' };
    return answer.ok ? { kind: 'answer', value: answer.body.items } : { kind: 'refused', words: problemWords(answer.problem, context.language), status: answer.status };
  }

  /** The latest checkpoint, verified here against the notary's published key, as an outside auditor would. */
  private async checkpoint(context: PageContext, user: SignedIn): Promise<Section<CheckpointAnswer>> {
    const latest = await this.api.call<SignedCheckpoint>('GET', '/v1/audit/checkpoints/latest', { token: user.token });
    if (!latest.ok) {
      if (latest.status === 404) return { kind: 'answer', value: {} };
      return { kind: 'refused', words: problemWords(latest.problem, context.language), status: latest.status };
    }
    const jwks = await this.api.call<unknown>('GET', '/v1/audit/public-key');
    const verdict = jwks.ok ? verifyCheckpoint(latest.body, jwks.body) : { ok: false as const, reason: problemWords(jwks.problem, context.language) };
    return { kind: 'answer', value: { checkpoint: latest.body, verdict } };
  }
}
