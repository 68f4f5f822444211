import { Module } from '@nestjs/common';
import { CsvBodyParser } from './csv-body-parser.js';
import { DeviceSubmissionValidation } from './device-submission-validation.js';
import { DeviceSubmissionsController } from './device-submissions.controller.js';

/** `POST /v1/device-submissions/validate`: "Validate device submission data", JSON or the Partner Center CSV. */
@Module({ controllers: [DeviceSubmissionsController], providers: [DeviceSubmissionValidation, CsvBodyParser] })
export class DeviceSubmissionsModule {}
