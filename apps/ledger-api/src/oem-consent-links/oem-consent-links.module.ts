import { Module } from '@nestjs/common';
import { ConsentLinkTokensModule } from '../consent-link-tokens/consent-link-tokens.module.js';
import { PartnersModule } from '../partners/partners.module.js';
import { IssueOemConsentLinkHandler } from './issue-oem-consent-link.handler.js';
import { OemConsentLinksController } from './oem-consent-links.controller.js';
import { RequestOemConsentLinkHandler } from './request-oem-consent-link.handler.js';

/** An OEM's unique consent link: asked for by the OEM, issued or replaced by support. */
@Module({
  imports: [ConsentLinkTokensModule, PartnersModule],
  controllers: [OemConsentLinksController],
  providers: [RequestOemConsentLinkHandler, IssueOemConsentLinkHandler],
})
export class OemConsentLinksModule {}
