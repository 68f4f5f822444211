import { Body, Controller, Get, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiQuery, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainRefusal } from '@ledger/consent-domain';
import { consentRequestView } from '@ledger/projections';
import { ConsentLinks } from '../consent-link-tokens/consent-link-urls.js';
import { CurrentActor, hasRole, Roles, type Actor } from '../identity/index.js';
import { Clock } from '../ledger-chain/clock.js';
import { ApiProblems, ApiWrite } from '../ledger-writes/api-write.decorator.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { LedgerPositionInterceptor } from '../ledger-writes/ledger-position.interceptor.js';
import { LedgerWrites } from '../ledger-writes/ledger-writes.js';
import { ReadModels } from '../read-models/read-models.service.js';
import { ReadYourWritesInterceptor } from '../read-models/read-your-writes.interceptor.js';
import { refusalProblem } from '../ledger-writes/refusal-problem.js';
import { WriteContext } from '../ledger-writes/write-context.decorator.js';
import { presentWritten, type Written } from '../ledger-writes/written.js';
import { CancelConsentRequest, type CancelledConsentRequest } from './cancel-consent-request.handler.js';
import { bilingualEmail, englishEmail, frenchEmail } from './consent-request-email.js';
import { consentRequestViewOf, ConsentRequestView, RequestConsentResponse } from './consent-request-views.js';
import { RequestConsentDto } from './dto/request-consent.dto.js';
import { RequestConsent, type RequestedConsent } from './request-consent.handler.js';
import { NoBody } from '../validation/no-body.decorator.js';

@ApiTags('consent requests')
@Controller('v1/consent-requests')
@UseInterceptors(LedgerPositionInterceptor)
export class ConsentRequestsController {
  constructor(
    private readonly writes: LedgerWrites,
    private readonly readModels: ReadModels,
    private readonly links: ConsentLinks,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('partner')
  @ApiOperation({
    summary: 'Ask a customer for consent (a CSP)',
    description: 'Records ConsentRequested; answers the single-use consent link and the email to send it in. An OEM gets 422: it sends its OEM consent link.',
  })
  @ApiWrite({ status: 201, description: 'Requested', type: RequestConsentResponse, problems: [400, 403, 404, 413, 422] })
  async request(
    @Body() request: RequestConsentDto,
    @WriteContext() context: CommandContext,
  ): Promise<Written<RequestConsentResponse>> {
    return presentWritten(await this.writes.execute(new RequestConsent(request, context)), (requested) =>
      this.present(requested),
    );
  }

  @Get(':requestId')
  @Roles('partner', 'support')
  @UseInterceptors(ReadYourWritesInterceptor)
  @ApiBearerAuth()
  @ApiHeader({ name: 'Ledger-Position', required: false, description: "Answer once this instance's read model includes this $all position (a write's Ledger-Position)." })
  @ApiQuery({ name: 'minPosition', type: String, required: false, description: "Answer once this instance's read model includes this $all position; same as the Ledger-Position header.", example: '4096' })
  @ApiOperation({ summary: 'A consent request’s status (that partner, support), from the read model' })
  @ApiOkResponse({ type: ConsentRequestView })
  @ApiProblems(401, 403, 404, 503)
  get(@Param('requestId') requestId: string, @CurrentActor() actor: Actor): ConsentRequestView {
    const request = consentRequestView(this.readModels.reader, requestId, this.clock.now());
    if (request === undefined) {
      throw refusalProblem(new DomainRefusal('CONSENT_REQUEST_NOT_FOUND', `there is no consent request ${requestId}`));
    }
    if (!hasRole(actor, 'support') && request.partnerId !== actor.partnerId) {
      throw refusalProblem(
        new DomainRefusal('NOT_YOUR_CONSENT_REQUEST', `consent request ${requestId} belongs to another partner`),
      );
    }
    return consentRequestViewOf(request);
  }

  @Post(':requestId/cancel')
  @HttpCode(200)
  @Roles('partner')
  @ApiOperation({ summary: 'Cancel a pending consent request (its partner)', description: 'Records ConsentRequestCancelled; the link stops working.' })
  @ApiWrite({ status: 200, description: 'Cancelled', example: { requestId: '0b6c1c1e-…', status: 'cancelled', cancelledAt: '2026-03-02T10:00:00.000Z' }, problems: [403, 404, 409] })
  cancel(@Param('requestId') requestId: string, @NoBody() _body: undefined, @WriteContext() context: CommandContext): Promise<Written<CancelledConsentRequest>> {
    return this.writes.execute(new CancelConsentRequest(requestId, context));
  }

  private present(requested: RequestedConsent): RequestConsentResponse {
    const consentLink = this.links.urlOf({ kind: 'CSP_CONSENT_REQUEST', requestId: requested.requestId });
    const facts = { ...requested, consentLink };
    return {
      requestId: requested.requestId,
      consentLink,
      expiresAt: requested.expiresAt,
      email: bilingualEmail(facts),
      emailTranslations: { en: englishEmail(facts), fr: frenchEmail(facts) },
      ...(requested.customerTenantId === undefined ? {} : { customerTenantId: requested.customerTenantId }),
      delegatedAdminRequested: requested.delegatedAdminRequested,
      adminRoles: [...requested.adminRoles],
    };
  }
}
