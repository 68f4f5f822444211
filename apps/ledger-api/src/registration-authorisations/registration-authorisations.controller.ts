import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { registrationAuthorisations, type Page, type RegistrationAuthorisationEntry } from '@ledger/projections';
import { Roles } from '../identity/index.js';
import { ApiPage } from '../read-models/api-read.decorator.js';
import { PageQueryDto } from '../paging/page-query.dto.js';
import { pageOptions, readPage } from '../read-models/read-page.js';
import { ReadModels } from '../read-models/read-models.service.js';
import { ReadYourWritesInterceptor } from '../read-models/read-your-writes.interceptor.js';
import { RegistrationAuthorisationView } from './dto/registration-authorisation.view.js';

@ApiTags('registration authorisations')
@Controller('v1/partners/:partnerId/registration-authorisations')
@UseInterceptors(ReadYourWritesInterceptor)
export class RegistrationAuthorisationsController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @Roles('partner', 'support', 'auditor')
  @ApiOperation({
    summary: 'Whether a partner may register devices, per customer (that partner, support, auditors)',
    description: "domain.md's table \"Who may register devices, through which channel\": basis, channels, since, DAP, pending OEM revocation.",
  })
  @ApiPage({ item: RegistrationAuthorisationView, problems: [400, 401, 403, 503] })
  list(@Param('partnerId') partnerId: string, @Query() query: PageQueryDto): Page<RegistrationAuthorisationEntry> {
    return readPage(() => registrationAuthorisations(this.readModels.reader, partnerId, pageOptions(query)));
  }
}
