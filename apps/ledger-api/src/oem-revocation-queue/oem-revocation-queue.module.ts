import { Module } from '@nestjs/common';
import { OemRevocationQueueController } from './oem-revocation-queue.controller.js';

/** `GET /v1/oem-revocation-requests?status=pending`: the queue support works through. */
@Module({ controllers: [OemRevocationQueueController] })
export class OemRevocationQueueModule {}
