import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, decidePartnerScope, decideTenantScope, Roles, type Actor } from '../../identity/index.js';
import { ApiProblems } from '../../ledger-writes/api-write.decorator.js';
import { ProblemException } from '../../problem-details/problem.exception.js';
import { problemType } from '../../problem-details/problem-details.js';
import { ConsentFactsReader } from './consent-facts-reader.js';
import { ConsentReceipts, type SignedConsentReceipt } from './consent-receipts.js';
import { RECEIPT_READERS as ADMITTED, forbidIfRefused } from './receipt-access.js';

/** The signed consent receipt of an accepted CSP consent request (the audit's route under consent-requests). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/consent-requests/:requestId/receipt')
export class ReceiptsController {
  constructor(
    private readonly facts: ConsentFactsReader,
    private readonly receipts: ConsentReceipts,
  ) {}

  @Get()
  @Roles(...ADMITTED)
  @ApiOperation({ summary: 'Signed consent receipt (Kantara CR v1.1 / ISO/IEC TS 27560 vocabulary) as a JWS' })
  @ApiOkResponse({
    description: 'The receipt JWS and its decoded payload',
    schema: {
      example: {
        jws: 'eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiIsInR5cCI6ImNvbnNlbnQtcmVjZWlwdCtqd3MifQ.eyJ…fQ.sig',
        receipt: { version: 'KI-CR-v1.1.0' },
      },
    },
  })
  @ApiNotFoundResponse({ description: 'No such consent request' })
  @ApiConflictResponse({ description: 'The request has not been accepted (yet)' })
  @ApiProblems(401, 403, 503)
  async receipt(@Param('requestId') requestId: string, @CurrentActor() actor: Actor): Promise<SignedConsentReceipt> {
    const lookup = await this.facts.acceptanceOf(requestId);
    const partnerId = lookup.found ? lookup.record.partnerId : lookup.partnerId;
    if (partnerId !== undefined) forbidIfRefused(decidePartnerScope(actor, partnerId, ADMITTED));
    if (!lookup.found) {
      if (lookup.reason === 'no-request') {
        throw new ProblemException({
          status: 404,
          type: problemType('consent-request-not-found'),
          detail: `no consent request ${requestId}`,
        });
      }
      throw new ProblemException({
        status: 409,
        type: problemType('consent-not-accepted'),
        detail:
          lookup.reason === 'not-accepted'
            ? `consent request ${requestId} has not been accepted: there is no consent to give a receipt for`
            : `consent request ${requestId} was accepted but the consent is still being recorded; retry shortly`,
      });
    }
    forbidIfRefused(decideTenantScope(actor, lookup.record.customerTenantId, ADMITTED));
    return this.receipts.receiptFor(lookup.record);
  }
}
