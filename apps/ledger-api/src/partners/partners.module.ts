import { Module } from '@nestjs/common';
import { ChangeOemDirectApiEligibilityHandler } from './change-oem-direct-api-eligibility.handler.js';
import { EnrolPartnerHandler } from './enrol-partner.handler.js';
import { PartnerReader } from './partner-reader.js';
import { PartnersController } from './partners.controller.js';

/** Support enrols partners and grants or withdraws an OEM's OEM Direct API eligibility; an enrolment can be read back. */
@Module({
  controllers: [PartnersController],
  providers: [EnrolPartnerHandler, ChangeOemDirectApiEligibilityHandler, PartnerReader],
  exports: [PartnerReader],
})
export class PartnersModule {}
