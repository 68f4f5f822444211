import { Module } from '@nestjs/common';
import { ConsentLinkTokensModule } from '../consent-link-tokens/consent-link-tokens.module.js';
import { CancelConsentRequestHandler } from './cancel-consent-request.handler.js';
import { ConsentRequestReader } from './consent-request-reader.js';
import { ConsentRequestsController } from './consent-requests.controller.js';
import { RequestConsentHandler } from './request-consent.handler.js';

/** A CSP's consent requests: ask (link + email), cancel, read the status. */
@Module({
  imports: [ConsentLinkTokensModule],
  controllers: [ConsentRequestsController],
  providers: [RequestConsentHandler, CancelConsentRequestHandler, ConsentRequestReader],
  exports: [ConsentRequestReader],
})
export class ConsentRequestsModule {}
