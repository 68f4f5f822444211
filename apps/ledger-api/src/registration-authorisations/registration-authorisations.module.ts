import { Module } from '@nestjs/common';
import { RegistrationAuthorisationsController } from './registration-authorisations.controller.js';

/** `GET /v1/partners/{partnerId}/registration-authorisations`. */
@Module({ controllers: [RegistrationAuthorisationsController] })
export class RegistrationAuthorisationsModule {}
