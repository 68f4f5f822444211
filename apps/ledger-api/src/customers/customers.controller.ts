import { Controller, Delete, HttpCode, Param, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, TenantIdPipe } from '../identity/index.js';
import { ApiWrite } from '../ledger-writes/api-write.decorator.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { LedgerPositionInterceptor } from '../ledger-writes/ledger-position.interceptor.js';
import { LedgerWrites } from '../ledger-writes/ledger-writes.js';
import { WriteContext } from '../ledger-writes/write-context.decorator.js';
import type { Written } from '../ledger-writes/written.js';
import { RemoveDap, type RemovedDap } from './remove-dap.handler.js';
import { NoBody } from '../validation/no-body.decorator.js';

@ApiTags('customers')
@Controller('v1/customers/:tenantId')
@UseInterceptors(LedgerPositionInterceptor)
export class CustomersController {
  constructor(private readonly writes: LedgerWrites) {}

  @Delete('partners/:partnerId/delegated-admin')
  @HttpCode(200)
  @Roles('customer-admin')
  @ApiOperation({
    summary: 'Remove a CSP’s delegated admin rights (customer admin of tenantId)',
    description: 'Records DapRemoved. The reseller relationship and the device-registration authorisation stay. 409 without DAP; 422 for an OEM.',
  })
  @ApiWrite({
    status: 200,
    description: 'Removed',
    example: { partnerId: 'contoso-csp', customerTenantId: '7f3c2a9e-…', delegatedAdmin: false, removedAt: '2026-03-05T11:00:00.000Z' },
    problems: [403, 404, 409, 422],
  })
  removeDap(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Param('partnerId') partnerId: string,
    @NoBody() _body: undefined,
    @WriteContext() context: CommandContext,
  ): Promise<Written<RemovedDap>> {
    return this.writes.execute(new RemoveDap(tenantId, partnerId, context));
  }
}
