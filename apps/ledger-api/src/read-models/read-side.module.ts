import { Module } from '@nestjs/common';
import { CustomerListsModule } from '../customer-lists/customer-lists.module.js';
import { CustomerPartnersModule } from '../customer-partners/customer-partners.module.js';
import { DeviceSubmissionsModule } from '../device-submissions/device-submissions.module.js';
import { OemConsentLinkQueueModule } from '../oem-consent-link-queue/oem-consent-link-queue.module.js';
import { OemRevocationQueueModule } from '../oem-revocation-queue/oem-revocation-queue.module.js';
import { RegistrationAuthorisationsModule } from '../registration-authorisations/registration-authorisations.module.js';
import { ReadModelsModule } from './read-models.module.js';

/** The read side: this instance's projections and every query feature built on them. */
@Module({
  imports: [
    ReadModelsModule,
    CustomerListsModule,
    RegistrationAuthorisationsModule,
    OemRevocationQueueModule,
    OemConsentLinkQueueModule,
    CustomerPartnersModule,
    DeviceSubmissionsModule,
  ],
})
export class ReadSideModule {}
