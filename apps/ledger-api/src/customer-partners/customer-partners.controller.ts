import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { customerPartners, type CustomerPartnerEntry, type Page } from '@ledger/projections';
import { CUSTOMER_ADMIN, Roles, TenantIdPipe } from '../identity/index.js';
import { ApiPage } from '../read-models/api-read.decorator.js';
import { PageQueryDto } from '../paging/page-query.dto.js';
import { pageOptions, readPage } from '../read-models/read-page.js';
import { ReadModels } from '../read-models/read-models.service.js';
import { ReadYourWritesInterceptor } from '../read-models/read-your-writes.interceptor.js';
import { CustomerPartnerView } from './dto/customer-partner.view.js';

@ApiTags('customers')
@Controller('v1/customers/:tenantId/partners')
@UseInterceptors(ReadYourWritesInterceptor)
export class CustomerPartnersController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @Roles(CUSTOMER_ADMIN, 'support')
  @ApiOperation({
    summary: "A customer's partners (an administrator of that tenant, support)",
    description: 'Each partner with its kind, DAP, whether it is authorised, and the state of an OEM revocation.',
  })
  @ApiPage({ item: CustomerPartnerView, problems: [400, 401, 403, 503] })
  list(@Param('tenantId', TenantIdPipe) tenantId: string, @Query() query: PageQueryDto): Page<CustomerPartnerEntry> {
    return readPage(() => customerPartners(this.readModels.reader, tenantId, pageOptions(query)));
  }
}
