import { Module } from '@nestjs/common';
import { ConsentLinkTokensModule } from '../consent-link-tokens/consent-link-tokens.module.js';
import { ConsentRequestsModule } from '../consent-requests/consent-requests.module.js';
import { PartnersModule } from '../partners/partners.module.js';
import { AcceptConsentHandler } from './accept-consent.handler.js';
import { ConsentLinkResolver } from './consent-link-resolver.js';
import { ConsentLinkViews } from './consent-link-views.js';
import { ConsentLinksController } from './consent-links.controller.js';
import { CspConsentRecorder } from './csp-consent-recorder.js';
import { UnfinishedAcceptances } from './unfinished-acceptances.js';

/** A customer administrator opens a consent link (either kind) and accepts it; acceptances cut short are finished. */
@Module({
  imports: [ConsentLinkTokensModule, ConsentRequestsModule, PartnersModule],
  controllers: [ConsentLinksController],
  providers: [AcceptConsentHandler, ConsentLinkResolver, ConsentLinkViews, CspConsentRecorder, UnfinishedAcceptances],
})
export class ConsentLinksModule {}
