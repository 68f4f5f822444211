import type { Readable } from 'node:stream';
import { validateSync } from 'class-validator';
import { canonicalTenantId, type Channel } from '@ledger/consent-domain';
import { ProblemException } from '../problem-details/problem.exception.js';
import { problemType } from '../problem-details/problem-details.js';
import { validationProblem } from '../problem-details/validation-problem.js';
import { ValidateDeviceFileQueryDto, ValidateDeviceSubmissionDto } from './dto/validate-device-submission.dto.js';

/**
 * The DTO's class-validator rules, as the global pipe applies them. The DTOs declare no transformation,
 * so the plain values are copied onto an instance rather than walked by class-transformer (this route
 * is called before every registration attempt).
 */
const validated = <Dto extends object>(type: new () => Dto, plain: object): Dto => {
  // (Fastify refuses a JSON body with a "__proto__" key before it gets here.)
  const dto = Object.assign(new type(), plain);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw validationProblem(errors);
  return dto;
};

/** How many `{ customerTenantId, channel }` pairs already found valid are remembered; past this they start afresh. */
export const VALID_PAIRS_KEPT = 10_000;
const validPairs = new Set<string>();

/**
 * The usual submission, `{ customerTenantId, channel }` and nothing else, both strings: the pair as a key
 * (unambiguous: the channel's length first). The DTO's rules judge these two values alone, so the verdict on
 * a pair found valid once holds for every later body made of exactly the same pair.
 */
const usualPair = (body: object): string | undefined => {
  if (Object.keys(body).length !== 2 || !Object.hasOwn(body, 'customerTenantId') || !Object.hasOwn(body, 'channel')) return undefined;
  const { customerTenantId, channel } = body as Record<string, unknown>;
  if (typeof customerTenantId !== 'string' || typeof channel !== 'string') return undefined;
  return `${channel.length}:${channel}\u0000${customerTenantId}`;
};

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
  const pair = usualPair(body);
  // Exactly the two string fields the DTO declares: the body itself is what the DTO would hold.
  if (pair !== undefined && validPairs.has(pair)) return body as ValidateDeviceSubmissionDto;
  const dto = validated(ValidateDeviceSubmissionDto, body);
  if (pair !== undefined) {
    if (validPairs.size >= VALID_PAIRS_KEPT) validPairs.clear();
    validPairs.add(pair);
  }
  return dto;
};

/**
 * The query string, validated as the global pipe would, but only when there is one: a JSON submission
 * usually comes without, and this route is called before every registration attempt.
 */
export const submissionQuery = (query: Record<string, unknown>): ValidateDeviceFileQueryDto => {
  for (const _name in query) return validated(ValidateDeviceFileQueryDto, query);
  return new ValidateDeviceFileQueryDto();
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

/**
 * A JSON submission names its customer and channel in its body; query parameters that name others (meant for a CSV
 * file, or left over) are refused rather than silently outranked, so a partner never reads an answer about another
 * customer or channel than it thinks it asked about.
 */
export const agreesWithBody = (query: ValidateDeviceFileQueryDto, body: { customerTenantId: string; channel: Channel }): void => {
  const differing = (['customerTenantId', 'channel'] as const).filter((name) => {
    const given = query[name];
    return given !== undefined && (name === 'customerTenantId' ? canonicalTenantId(given) !== canonicalTenantId(body[name]) : given !== body[name]);
  });
  if (differing.length === 0) return;
  throw new ProblemException({
    status: 400,
    type: problemType('validation'),
    title: 'Invalid input',
    detail: `The JSON body and the query name different ${differing.join(' and ')}: send them in the body only (the query carries them for a text/csv file).`,
    extensions: { errors: differing.map((field) => ({ field, message: `${field} in the query differs from the body's` })) },
  });
};
