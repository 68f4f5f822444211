import { Module } from '@nestjs/common';
import { OemConsentLinkQueueController } from './oem-consent-link-queue.controller.js';

/** `GET /v1/oem-consent-link-requests?status=pending`: OEMs waiting for support to issue their link. */
@Module({ controllers: [OemConsentLinkQueueController] })
export class OemConsentLinkQueueModule {}
