import { Module } from '@nestjs/common';
import { EnrolPartnerHandler } from './enrol-partner.handler.js';
import { PartnerReader } from './partner-reader.js';
import { PartnersController } from './partners.controller.js';

/** Support enrols partners; a partner's enrolment can be read back. */
@Module({
  controllers: [PartnersController],
  providers: [EnrolPartnerHandler, PartnerReader],
  exports: [PartnerReader],
})
export class PartnersModule {}
