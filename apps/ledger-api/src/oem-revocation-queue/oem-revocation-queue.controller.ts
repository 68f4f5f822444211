import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { oemRevocationQueue, type OemRevocationQueueItem, type Page } from '@ledger/projections';
import { Roles } from '../identity/index.js';
import { ApiPage } from '../read-models/api-read.decorator.js';
import { pageOptions, readPage } from '../read-models/read-page.js';
import { ReadModels } from '../read-models/read-models.service.js';
import { ReadYourWritesInterceptor } from '../read-models/read-your-writes.interceptor.js';
import { OemRevocationQueueQueryDto } from './dto/oem-revocation-queue.query.js';
import { OemRevocationRequestView } from './dto/oem-revocation-request.view.js';

@ApiTags('OEM revocations')
@Controller('v1/oem-revocation-requests')
@UseInterceptors(ReadYourWritesInterceptor)
export class OemRevocationQueueController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @Roles('support')
  @ApiOperation({
    summary: "Support's OEM revocation queue (support)",
    description: 'Requests in one status (default pending), oldest first, with their age, who asked and why.',
  })
  @ApiPage({ item: OemRevocationRequestView, problems: [400, 401, 403, 503] })
  list(@Query() query: OemRevocationQueueQueryDto): Page<OemRevocationQueueItem> {
    return readPage(() => oemRevocationQueue(this.readModels.reader, query.status ?? 'pending', pageOptions(query), new Date()));
  }
}
