import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { customerList, type CustomerListEntry, type Page } from '@ledger/projections';
import { Roles } from '../identity/index.js';
import { ApiPage } from '../read-models/api-read.decorator.js';
import { PageQueryDto } from '../paging/page-query.dto.js';
import { pageOptions, readPage } from '../read-models/read-page.js';
import { ReadModels } from '../read-models/read-models.service.js';
import { ReadYourWritesInterceptor } from '../read-models/read-your-writes.interceptor.js';
import { CustomerListEntryView } from './dto/customer-list-entry.view.js';

@ApiTags('customer lists')
@Controller('v1/partners/:partnerId/customers')
@UseInterceptors(ReadYourWritesInterceptor)
export class CustomerListsController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @Roles('partner', 'support')
  @ApiOperation({
    summary: "A partner's customer list (that partner, support)",
    description: "The customers that accepted, with DAP; an indirect provider also sees its resellers' customers, marked with viaResellerId.",
  })
  @ApiPage({ item: CustomerListEntryView, problems: [400, 401, 403, 503] })
  list(@Param('partnerId') partnerId: string, @Query() query: PageQueryDto): Page<CustomerListEntry> {
    return readPage(() => customerList(this.readModels.reader, partnerId, pageOptions(query)));
  }
}
