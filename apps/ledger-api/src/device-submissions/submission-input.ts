import type { Readable } from 'node:stream';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Channel } from '@ledger/consent-domain';
import { ProblemException } from '../problem-details/problem.exception.js';
import { problemType } from '../problem-details/problem-details.js';
import { validationProblem } from '../problem-details/validation-problem.js';
import { ValidateDeviceSubmissionDto, type ValidateDeviceFileQueryDto } from './dto/validate-device-submission.dto.js';

/** A JSON submission, validated as the global pipe would (one route takes JSON and CSV, so it is done here). */
export const jsonSubmission = (body: unknown): ValidateDeviceSubmissionDto => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProblemException({
      status: 400,
      type: problemType('validation'),
      title: 'Invalid input',
      detail: 'Send a JSON object { customerTenantId, channel, devices? }, or the Partner Center file as text/csv.',
    });
  }
  const submission = plainToInstance(ValidateDeviceSubmissionDto, body);
  const errors = validateSync(submission, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw validationProblem(errors);
  return submission;
};

/** The customer and channel of a CSV submission, which travel as query parameters. */
export const fileTarget = (query: ValidateDeviceFileQueryDto): { customerTenantId: string; channel: Channel } => {
  const missing = (['customerTenantId', 'channel'] as const).filter((name) => query[name] === undefined);
  if (missing.length > 0) {
    throw new ProblemException({
      status: 400,
      type: problemType('validation'),
      title: 'Invalid input',
      detail: `With a text/csv body, pass ${missing.join(' and ')} as query parameters (?customerTenantId=...&channel=...).`,
      extensions: { errors: missing.map((field) => ({ field, message: `${field} is required with a text/csv body` })) },
    });
  }
  return { customerTenantId: query.customerTenantId!, channel: query.channel! };
};

/** The request stream Fastify handed over for `text/csv` (see CsvBodyParser). */
export const isStream = (body: unknown): body is Readable =>
  typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
