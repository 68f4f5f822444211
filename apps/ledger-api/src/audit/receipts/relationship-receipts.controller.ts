import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, decidePartnerScope, decideTenantScope, Roles, TenantIdPipe, type Actor } from '../../identity/index.js';
import { ApiProblems } from '../../ledger-writes/api-write.decorator.js';
import { ProblemException } from '../../problem-details/problem.exception.js';
import { problemType } from '../../problem-details/problem-details.js';
import { ConsentFactsReader } from './consent-facts-reader.js';
import { ConsentReceipts, type SignedConsentReceipt } from './consent-receipts.js';
import { RECEIPT_READERS, forbidIfRefused } from './receipt-access.js';
import { RelationshipReceiptQuery } from './relationship-receipt.query.js';

/**
 * The signed consent receipt of any acceptance on a partner–customer relationship, whichever link it came through:
 * an OEM's unique link (which has no consent request) as well as a CSP's consent request.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/customers/:tenantId/partners/:partnerId/consent-receipt')
export class RelationshipReceiptsController {
  constructor(
    private readonly facts: ConsentFactsReader,
    private readonly receipts: ConsentReceipts,
  ) {}

  @Get()
  @Roles(...RECEIPT_READERS)
  @ApiOperation({
    summary: 'Signed consent receipt of an acceptance on a relationship (either kind of link), as a JWS',
    description: 'The latest acceptance, or the one named by `eventId` (e.g. the consent that stood before a completed OEM revocation).',
  })
  @ApiOkResponse({ description: 'The receipt JWS and its decoded payload', schema: { example: { jws: 'eyJ…', receipt: { version: 'KI-CR-v1.1.0' } } } })
  @ApiNotFoundResponse({ description: 'No acceptance on this relationship (or none with that event id)' })
  @ApiProblems(400, 401, 403, 503)
  async receipt(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('partnerId') partnerId: string,
    @Query() query: RelationshipReceiptQuery,
    @CurrentActor() actor: Actor,
  ): Promise<SignedConsentReceipt> {
    forbidIfRefused(decidePartnerScope(actor, partnerId, RECEIPT_READERS));
    forbidIfRefused(decideTenantScope(actor, tenantId, RECEIPT_READERS));
    const lookup = await this.facts.acceptanceBetween(partnerId, tenantId, query.eventId);
    if (!lookup.found) {
      throw new ProblemException({
        status: 404,
        type: problemType('consent-not-found'),
        detail:
          query.eventId === undefined
            ? `customer ${tenantId} has accepted no consent link of partner ${partnerId}`
            : `no acceptance ${query.eventId} between partner ${partnerId} and customer ${tenantId}`,
      });
    }
    return this.receipts.receiptFor(lookup.record);
  }
}
