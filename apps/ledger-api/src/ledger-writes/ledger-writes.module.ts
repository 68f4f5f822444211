import { Module } from '@nestjs/common';
import { ConsentLinksModule } from '../consent-links/consent-links.module.js';
import { ConsentRequestsModule } from '../consent-requests/consent-requests.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { OemConsentLinksModule } from '../oem-consent-links/oem-consent-links.module.js';
import { OemRevocationsModule } from '../oem-revocations/oem-revocations.module.js';
import { PartnersModule } from '../partners/partners.module.js';
import { CommandPipelineModule } from './command-pipeline.module.js';

/** The write side: every command route of the contract, on the command pipeline. */
@Module({
  imports: [
    CommandPipelineModule,
    PartnersModule,
    ConsentRequestsModule,
    ConsentLinksModule,
    CustomersModule,
    OemConsentLinksModule,
    OemRevocationsModule,
  ],
})
export class LedgerWritesModule {}
