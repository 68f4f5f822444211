import { Module } from '@nestjs/common';
import {
  CompleteOemRevocationHandler,
  RejectOemRevocationHandler,
} from './handle-oem-revocation.handler.js';
import { OemRevocationsController } from './oem-revocations.controller.js';
import { RequestOemRevocationHandler } from './request-oem-revocation.handler.js';

/** OEM revocation: the customer asks, support completes or rejects. */
@Module({
  controllers: [OemRevocationsController],
  providers: [RequestOemRevocationHandler, CompleteOemRevocationHandler, RejectOemRevocationHandler],
})
export class OemRevocationsModule {}
