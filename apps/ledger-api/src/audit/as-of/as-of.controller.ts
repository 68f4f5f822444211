import { Controller, Get, Headers, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { registrationAuthorisations, type Page, type RegistrationAuthorisationEntry } from '@ledger/projections';
import { Roles } from '../../identity/index.js';
import { pageOptions, readPage } from '../../read-models/read-page.js';
import { ApiProblems } from '../../ledger-writes/api-write.decorator.js';
import { LEDGER_POSITION_HEADER } from '../../ledger-writes/ledger-position.interceptor.js';
import { ApiLedgerPositionHeader, IndexFreshness } from '../read-your-writes/index-freshness.js';
import { AsOfQuery } from './as-of.query.js';
import { ReadModelsAsOf } from './read-models-as-of.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/partners/:partnerId/registration-authorisations')
export class AsOfController {
  constructor(
    private readonly asOf: ReadModelsAsOf,
    private readonly freshness: IndexFreshness,
  ) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({ summary: "A partner's registration authorisations exactly as they stood at `asOf`" })
  @ApiOkResponse({
    description: 'The same page as GET /v1/partners/{partnerId}/registration-authorisations gave at that instant',
    schema: {
      example: {
        items: [
          {
            customerTenantId: '6f1b2c3d-0000-4000-8000-000000000001',
            authorised: true,
            reasonCode: 'AUTHORISED',
            reason: 'authorised by the customer’s direct consent',
            basis: 'DIRECT_CONSENT',
            channels: ['PARTNER_CENTER_API', 'PARTNER_CENTER_UI_CSV'],
            since: '2026-03-01T10:00:00.000Z',
            delegatedAdmin: false,
            revocationPending: false,
          },
        ],
        nextCursor: null,
      },
    },
  })
  @ApiBadRequestResponse({ description: 'asOf is not an ISO 8601 instant, or the cursor is not ours' })
  @ApiProblems(401, 403, 503)
  @ApiLedgerPositionHeader()
  async list(
    @Param('partnerId') partnerId: string,
    @Query() query: AsOfQuery,
    @Headers(LEDGER_POSITION_HEADER) position?: string,
  ): Promise<Page<RegistrationAuthorisationEntry>> {
    // The partner's streams are found in the audit index: it must have reached the position the client wrote at.
    await this.freshness.awaitPosition(query.minPosition, position);
    const models = await this.asOf.forPartnerAt(partnerId, new Date(query.asOf));
    return readPage(() => registrationAuthorisations(models, partnerId, pageOptions(query)));
  }
}
