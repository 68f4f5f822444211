import { Body, Controller, Get, Param, Post, Put, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../identity/index.js';
import { ApiProblems, ApiWrite } from '../ledger-writes/api-write.decorator.js';
import type { CommandContext } from '../ledger-writes/command-context.js';
import { LedgerPositionInterceptor } from '../ledger-writes/ledger-position.interceptor.js';
import { LedgerWrites } from '../ledger-writes/ledger-writes.js';
import { WriteContext } from '../ledger-writes/write-context.decorator.js';
import type { Written } from '../ledger-writes/written.js';
import { ChangeOemDirectApiEligibility } from './change-oem-direct-api-eligibility.handler.js';
import { ChangeOemDirectApiEligibilityDto } from './dto/change-oem-direct-api-eligibility.dto.js';
import { EnrolPartnerDto } from './dto/enrol-partner.dto.js';
import { EnrolPartner } from './enrol-partner.handler.js';
import { PartnerReader } from './partner-reader.js';
import { partnerViewOf, PartnerView } from './partner-view.js';

@ApiTags('partners')
@Controller('v1/partners')
@UseInterceptors(LedgerPositionInterceptor)
export class PartnersController {
  constructor(
    private readonly writes: LedgerWrites,
    private readonly partners: PartnerReader,
  ) {}

  @Post()
  @Roles('support')
  @ApiOperation({ summary: 'Enrol a partner (support)', description: 'Records PartnerEnrolled.' })
  @ApiWrite({ status: 201, description: 'Enrolled', type: PartnerView, problems: [400, 403, 409, 413, 422] })
  enrol(@Body() enrolment: EnrolPartnerDto, @WriteContext() context: CommandContext): Promise<Written<PartnerView>> {
    return this.writes.execute(new EnrolPartner(enrolment, context));
  }

  @Put(':partnerId/oem-direct-api-eligibility')
  @Roles('support')
  @ApiOperation({
    summary: 'Grant or withdraw an OEM’s OEM Direct API eligibility (support)',
    description:
      'Records OemDirectApiEligibilityChanged (nothing when the OEM already has that eligibility). Withdrawn: the OEM’s ' +
      'consent link stops working and its consents no longer authorise device registration until eligibility is granted again.',
  })
  @ApiWrite({ status: 200, description: 'The enrolment as it now stands', type: PartnerView, problems: [400, 403, 404, 413, 422] })
  changeOemDirectApiEligibility(
    @Param('partnerId') partnerId: string,
    @Body() change: ChangeOemDirectApiEligibilityDto,
    @WriteContext() context: CommandContext,
  ): Promise<Written<PartnerView>> {
    return this.writes.execute(new ChangeOemDirectApiEligibility(partnerId, change.oemDirectApiEligible, context));
  }

  @Get(':partnerId')
  @Roles('support', 'partner')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'A partner’s enrolment (support, that partner)' })
  @ApiOkResponse({ type: PartnerView })
  @ApiProblems(401, 403, 404, 503)
  async get(@Param('partnerId') partnerId: string): Promise<PartnerView> {
    return partnerViewOf(await this.partners.enrolled(partnerId));
  }
}
