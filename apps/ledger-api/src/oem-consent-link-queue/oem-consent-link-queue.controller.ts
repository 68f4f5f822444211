import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { oemConsentLinkQueue, type OemConsentLinkQueueItem, type Page } from '@ledger/projections';
import { Roles } from '../identity/index.js';
import { ApiPage } from '../read-models/api-read.decorator.js';
import { pageOptions, readPage } from '../read-models/read-page.js';
import { ReadModels } from '../read-models/read-models.service.js';
import { ReadYourWritesInterceptor } from '../read-models/read-your-writes.interceptor.js';
import { OemConsentLinkQueueQueryDto } from './dto/oem-consent-link-queue.query.js';
import { OemConsentLinkRequestView } from './dto/oem-consent-link-request.view.js';

@ApiTags('OEM consent links')
@Controller('v1/oem-consent-link-requests')
@UseInterceptors(ReadYourWritesInterceptor)
export class OemConsentLinkQueueController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @Roles('support')
  @ApiOperation({
    summary: 'OEMs waiting for their unique consent link (support)',
    description: 'In one status (default pending), oldest first, with their age.',
  })
  @ApiPage({ item: OemConsentLinkRequestView, problems: [400, 401, 403, 503] })
  list(@Query() query: OemConsentLinkQueueQueryDto): Page<OemConsentLinkQueueItem> {
    return readPage(() => oemConsentLinkQueue(this.readModels.reader, query.status ?? 'pending', pageOptions(query), new Date()));
  }
}
