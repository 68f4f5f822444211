import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, TenantIdPipe } from '../identity/index.js';
import { ApiWrite } from '../ledger-writes/api-write.decorator.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { LedgerPositionInterceptor } from '../ledger-writes/ledger-position.interceptor.js';
import { LedgerWrites } from '../ledger-writes/ledger-writes.js';
import { WriteContext } from '../ledger-writes/write-context.decorator.js';
import type { Written } from '../ledger-writes/written.js';
import { RejectOemRevocationDto } from './dto/reject-oem-revocation.dto.js';
import { RequestOemRevocationDto } from './dto/request-oem-revocation.dto.js';
import { CompleteOemRevocation, RejectOemRevocation, type HandledOemRevocation } from './handle-oem-revocation.handler.js';
import { RequestOemRevocation, type RequestedOemRevocation } from './request-oem-revocation.handler.js';
import { NoBody } from '../validation/no-body.decorator.js';

const HANDLED_EXAMPLE = {
  revocationRequestId: 'b2VtLWRldmljZXMKN2YzYy4uLg.1c9e…',
  partnerId: 'oem-devices',
  customerTenantId: '7f3c2a9e-1b4d-4c55-8a61-0f2e9d3b6a10',
  status: 'completed',
  handledAt: '2026-03-06T14:00:00.000Z',
};

@ApiTags('OEM revocations')
@Controller('v1')
@UseInterceptors(LedgerPositionInterceptor)
export class OemRevocationsController {
  constructor(private readonly writes: LedgerWrites) {}

  @Post('customers/:tenantId/oem-revocation-requests')
  @HttpCode(202)
  @Roles('customer-admin')
  @ApiOperation({
    summary: 'Ask support to revoke an OEM (customer admin of tenantId)',
    description: 'Records OemRevocationRequested. The OEM stays authorised (revocationPending) until support completes it.',
  })
  @ApiWrite({
    status: 202,
    description: 'Asked',
    example: { revocationRequestId: 'b2VtLWRldmljZXMKN2YzYy4uLg.1c9e…', partnerId: 'oem-devices', customerTenantId: '7f3c…', status: 'pending', requestedAt: '2026-03-05T12:00:00.000Z' },
    problems: [400, 403, 404, 409, 422],
  })
  request(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Body() request: RequestOemRevocationDto,
    @WriteContext() context: CommandContext,
  ): Promise<Written<RequestedOemRevocation>> {
    return this.writes.execute(new RequestOemRevocation(tenantId, request.partnerId, request.reason, context));
  }

  @Post('oem-revocation-requests/:revocationRequestId/complete')
  @HttpCode(200)
  @Roles('support')
  @ApiOperation({ summary: 'Complete a pending OEM revocation (support)', description: 'Records OemRevocationCompleted: the OEM loses authorisation.' })
  @ApiWrite({ status: 200, description: 'Completed', example: HANDLED_EXAMPLE, problems: [403, 404, 409] })
  complete(
    @Param('revocationRequestId') revocationRequestId: string,
    @NoBody() _body: undefined,
    @WriteContext() context: CommandContext,
  ): Promise<Written<HandledOemRevocation>> {
    return this.writes.execute(new CompleteOemRevocation(revocationRequestId, context));
  }

  @Post('oem-revocation-requests/:revocationRequestId/reject')
  @HttpCode(200)
  @Roles('support')
  @ApiOperation({ summary: 'Reject a pending OEM revocation, with a reason (support)', description: 'Records OemRevocationRejected.' })
  @ApiWrite({ status: 200, description: 'Rejected', example: { ...HANDLED_EXAMPLE, status: 'rejected', reason: 'Not asked by a Global Administrator.' }, problems: [400, 403, 404, 409, 422] })
  reject(
    @Param('revocationRequestId') revocationRequestId: string,
    @Body() rejection: RejectOemRevocationDto,
    @WriteContext() context: CommandContext,
  ): Promise<Written<HandledOemRevocation>> {
    return this.writes.execute(new RejectOemRevocation(revocationRequestId, rejection.reason, context));
  }
}
