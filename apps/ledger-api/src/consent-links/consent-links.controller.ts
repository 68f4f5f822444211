import { Body, Controller, Get, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../identity/index.js';
import { ApiProblems, ApiWrite } from '../ledger-writes/api-write.decorator.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { LedgerPositionInterceptor } from '../ledger-writes/ledger-position.interceptor.js';
import { LedgerWrites } from '../ledger-writes/ledger-writes.js';
import { WriteContext } from '../ledger-writes/write-context.decorator.js';
import type { Written } from '../ledger-writes/written.js';
import { AcceptConsent, type AcceptedConsent } from './accept-consent.handler.js';
import { ConsentLinkResolver } from './consent-link-resolver.js';
import { ConsentLinkView } from './consent-link-view.js';
import { ConsentLinkViews } from './consent-link-views.js';
import { AcceptConsentDto } from './dto/accept-consent.dto.js';

@ApiTags('consent links')
@Controller('v1/consent-links/:token')
@UseInterceptors(LedgerPositionInterceptor)
export class ConsentLinksController {
  constructor(
    private readonly writes: LedgerWrites,
    private readonly resolver: ConsentLinkResolver,
    private readonly views: ConsentLinkViews,
  ) {}

  @Get()
  @Roles('customer-admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'What a consent link asks (customer admin)', description: 'Either kind of link: partner name and kind, DAP and roles asked, expiry.' })
  @ApiOkResponse({ type: ConsentLinkView })
  @ApiProblems(401, 403, 404, 503)
  show(@Param('token') token: string): Promise<ConsentLinkView> {
    return this.views.viewOf(this.resolver.targetOf(token));
  }

  @Post('accept')
  @HttpCode(200)
  @Roles('customer-admin')
  @ApiOperation({
    summary: 'Accept a consent link (a Global Administrator of the customer)',
    description:
      'Records ConsentAccepted for the caller’s tenant. An indirect reseller’s consent names its indirect provider (`indirectProviderId`), ' +
      'which the same consent authorises. 403: not a Global Administrator (of the named tenant, if any), or not cloud-native for an OEM link. ' +
      '409: used, expired, cancelled, replaced, or this tenant’s OEM consent already active.',
  })
  @ApiWrite({
    status: 200,
    description: 'Accepted',
    example: {
      partnerId: 'contoso-csp',
      partnerKind: 'CSP_DIRECT',
      customerTenantId: '7f3c2a9e-1b4d-4c55-8a61-0f2e9d3b6a10',
      linkKind: 'CSP_CONSENT_REQUEST',
      delegatedAdminGranted: false,
      adminRoles: [],
      acceptedAt: '2026-03-03T08:12:00.000Z',
    },
    problems: [400, 403, 404, 409],
  })
  accept(
    @Param('token') token: string,
    @Body() _confirmation: AcceptConsentDto,
    @WriteContext() context: CommandContext,
  ): Promise<Written<AcceptedConsent>> {
    return this.writes.execute(new AcceptConsent(this.resolver.targetOf(token), context));
  }
}
