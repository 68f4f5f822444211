import { Controller, Get, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainRefusal } from '@ledger/consent-domain';
import { ConsentLinks } from '../consent-link-tokens/consent-link-urls.js';
import { Roles } from '../identity/index.js';
import { ApiProblems, ApiWrite } from '../ledger-writes/api-write.decorator.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { LedgerPositionInterceptor } from '../ledger-writes/ledger-position.interceptor.js';
import { LedgerWrites } from '../ledger-writes/ledger-writes.js';
import { refusalProblem } from '../ledger-writes/refusal-problem.js';
import { WriteContext } from '../ledger-writes/write-context.decorator.js';
import { presentWritten, type Written } from '../ledger-writes/written.js';
import { PartnerReader } from '../partners/partner-reader.js';
import { IssueOemConsentLink } from './issue-oem-consent-link.handler.js';
import { OemConsentLinkView } from './oem-consent-link-view.js';
import { RequestOemConsentLink, type RequestedOemConsentLink } from './request-oem-consent-link.handler.js';
import { NoBody } from '../validation/no-body.decorator.js';

@ApiTags('OEM consent links')
@Controller('v1/partners/:partnerId')
@UseInterceptors(LedgerPositionInterceptor)
export class OemConsentLinksController {
  constructor(
    private readonly writes: LedgerWrites,
    private readonly partners: PartnerReader,
    private readonly links: ConsentLinks,
  ) {}

  @Post('oem-consent-link-requests')
  @HttpCode(202)
  @Roles('partner')
  @ApiOperation({ summary: 'An OEM asks support for its unique consent link', description: 'Records OemConsentLinkRequested.' })
  @ApiWrite({ status: 202, description: 'Asked', example: { partnerId: 'oem-devices', status: 'requested', requestedAt: '2026-03-03T09:00:00.000Z' }, problems: [403, 404, 409, 422] })
  requestLink(@Param('partnerId') partnerId: string, @NoBody() _body: undefined, @WriteContext() context: CommandContext): Promise<Written<RequestedOemConsentLink>> {
    return this.writes.execute(new RequestOemConsentLink(partnerId, context));
  }

  @Post('oem-consent-link')
  @Roles('support')
  @ApiOperation({
    summary: 'Issue or replace an OEM’s unique consent link (support)',
    description: 'Records OemConsentLinkIssued; a replaced link stops working, consents already given stay. 422 unless an OEM eligible for the OEM Direct API.',
  })
  @ApiWrite({ status: 201, description: 'Issued', type: OemConsentLinkView, problems: [403, 404, 409, 422] })
  async issueLink(@Param('partnerId') partnerId: string, @NoBody() _body: undefined, @WriteContext() context: CommandContext): Promise<Written<OemConsentLinkView>> {
    return presentWritten(await this.writes.execute(new IssueOemConsentLink(partnerId, context)), (issued) => ({
      partnerId,
      consentLink: this.links.urlOf({ kind: 'OEM_CONSENT_LINK', partnerId, linkId: issued.linkId }),
      issuedAt: issued.issuedAt,
      replacedEarlierLink: issued.replacesLinkId !== undefined,
    }));
  }

  @Get('oem-consent-link')
  @Roles('support', 'partner')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'An OEM’s current consent link (support, that OEM); 404 before one is issued' })
  @ApiOkResponse({ type: OemConsentLinkView })
  @ApiProblems(401, 403, 404, 503)
  async currentLink(@Param('partnerId') partnerId: string): Promise<OemConsentLinkView> {
    const partner = await this.partners.enrolled(partnerId);
    if (partner.oemConsentLink === undefined) {
      throw refusalProblem(
        new DomainRefusal('OEM_CONSENT_LINK_NOT_FOUND', `partner ${partnerId} has no OEM consent link; support issues it on request`),
      );
    }
    return {
      partnerId,
      consentLink: this.links.urlOf({ kind: 'OEM_CONSENT_LINK', partnerId, linkId: partner.oemConsentLink.linkId }),
      issuedAt: partner.oemConsentLink.issuedAt,
    };
  }
}
