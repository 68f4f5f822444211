import type { Readable } from 'node:stream';
import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { canonicalTenantId, CHANNELS } from '@ledger/consent-domain';
import { MAX_DEVICE_FILE_BYTES, MAX_DEVICE_ROWS, PARTNER_CENTER_HEADER, validateDeviceCsv, validateDeviceRows } from '@ledger/device-submissions';
import { actorOf, Roles, type Actor } from '../identity/index.js';
import { ProblemException } from '../problem-details/problem.exception.js';
import { ApiRead } from '../read-models/api-read.decorator.js';
import { ReadModels } from '../read-models/read-models.service.js';
import { readYourWrites, type QueryReply, type QueryRequest } from '../read-models/read-your-writes.interceptor.js';
import { CSV_MEDIA_TYPE } from './csv-body-parser.js';
import { DeviceSubmissionValidation, type SubmissionTarget } from './device-submission-validation.js';
import { DeviceSubmissionVerdictView } from './dto/device-submission-verdict.view.js';
import { ValidateDeviceSubmissionDto } from './dto/validate-device-submission.dto.js';
import { agreesWithBody, fileTarget, isStream, jsonSubmission, submissionQuery } from './submission-input.js';

/** What Fastify sends a serialised object as; the usual answer is sent as its JSON text with the same type. */
const JSON_MEDIA_TYPE = 'application/json; charset=utf-8';

const actingPartnerId = (actor: Actor): string => {
  if (actor.partnerId !== undefined) return actor.partnerId;
  throw new ProblemException({
    status: 403,
    detail: 'your token has the "partner" role but no "partner_id" claim: request a token that names your partner',
    extensions: { code: 'PARTNER_ID_CLAIM_MISSING' },
  });
};

/** What the route reads of Fastify's request: the body (parsed JSON, or the CSV stream), the query, the headers. */
interface SubmissionRequest extends QueryRequest {
  readonly body: unknown;
  readonly query: Record<string, unknown>;
}

/**
 * Called before every registration attempt, so the route takes the request itself rather than through
 * `@Body()`/`@Query()`/`@CurrentActor()` (each a pass through the global pipe) and the read-your-writes
 * interceptor (an RxJS chain per call): the same checks in the same order, read-your-writes first
 * (`readYourWrites`, shared with the interceptor), then who calls, then the input. The usual call (JSON, no
 * position to wait for) is answered without a promise.
 */
@ApiTags('device submissions')
@Controller('v1/device-submissions')
export class DeviceSubmissionsController {
  constructor(
    private readonly validation: DeviceSubmissionValidation,
    private readonly readModels: ReadModels,
  ) {}

  @Post('validate')
  @HttpCode(200)
  @Roles('partner')
  @ApiOperation({
    summary: 'Validate device submission data (a partner, before every registration attempt)',
    description:
      'Answers whether you may register devices for this customer through this channel (domain.md\'s table), and, when you ' +
      `send devices, a verdict per row. Send JSON { customerTenantId, channel, devices? } (body limit: the service's ` +
      `BODY_LIMIT_BYTES, 1 MiB by default), or the Partner Center upload file itself as text/csv with customerTenantId and ` +
      `channel as query parameters: header "${PARTNER_CENTER_HEADER}", at most ${MAX_DEVICE_ROWS} devices and ` +
      `${MAX_DEVICE_FILE_BYTES / 1024 / 1024} MiB, parsed as it streams. A bad file is a 200 with the reason (devices.file), never a 5xx.`,
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(ValidateDeviceSubmissionDto) } },
        [CSV_MEDIA_TYPE]: {
          schema: { type: 'string', description: 'The Partner Center upload file' },
          example: `${PARTNER_CENTER_HEADER}\nPF3ABC12,,,Contoso,Surface Laptop 7\n`,
        },
      },
    },
  })
  @ApiExtraModels(ValidateDeviceSubmissionDto)
  // The query is validated by submissionQuery (ValidateDeviceFileQueryDto), only when there is one.
  @ApiQuery({ name: 'customerTenantId', type: String, required: false, description: 'Required with a text/csv body.', example: '11111111-1111-4111-8111-111111111111' })
  @ApiQuery({ name: 'channel', required: false, enum: CHANNELS, description: 'Required with a text/csv body.', example: 'PARTNER_CENTER_UI_CSV' })
  @ApiQuery({ name: 'minPosition', type: String, required: false, description: "Answer only once the read model includes this $all position (a write's Ledger-Position).", example: '4096' })
  @ApiRead({ type: DeviceSubmissionVerdictView, problems: [400, 401, 403, 413, 415, 503] })
  validate(
    @Req() request: SubmissionRequest,
    @Res({ passthrough: true }) reply: QueryReply,
  ): string | DeviceSubmissionVerdictView | Promise<string | DeviceSubmissionVerdictView> {
    const waiting = readYourWrites(this.readModels, request, reply);
    return waiting === undefined ? this.answer(request, reply) : waiting.then(() => this.answer(request, reply));
  }

  /**
   * Who calls, then the input, then the answer. Synchronous but for a CSV file (read as it streams); the consent
   * alone is sent as the kept answer's JSON text (the body Fastify would have serialised from the same view).
   */
  private answer(request: SubmissionRequest, reply: QueryReply): string | DeviceSubmissionVerdictView | Promise<DeviceSubmissionVerdictView> {
    const partnerId = actingPartnerId(actorOf(request));
    const query = submissionQuery(request.query);
    const body = request.body;
    if (isStream(body)) {
      const file = fileTarget(query);
      return this.answerFile({ partnerId, customerTenantId: canonicalTenantId(file.customerTenantId), channel: file.channel }, body);
    }
    const { customerTenantId, channel, devices } = jsonSubmission(body);
    agreesWithBody(query, { customerTenantId, channel });
    const target = { partnerId, customerTenantId: canonicalTenantId(customerTenantId), channel };
    if (devices !== undefined) return this.validation.answer(target, validateDeviceRows(devices));
    reply.header('content-type', JSON_MEDIA_TYPE);
    return this.validation.answerJson(target);
  }

  /**
   * A file refused before its end (a bad header, too big, not text...) is not destroyed when the validator stops
   * reading it: the rest of the upload is read and dropped, so a client still sending it gets to the end and reads
   * the answer, and the connection serves its next request (bounded by REQUEST_TIMEOUT_MS, like any upload).
   * Destroyed, the request stopped the socket's reading while the connection stayed open: the client stalled.
   */
  private async answerFile(target: SubmissionTarget, file: Readable): Promise<DeviceSubmissionVerdictView> {
    const devices = await validateDeviceCsv({ [Symbol.asyncIterator]: () => file.iterator({ destroyOnReturn: false }) });
    file.resume();
    return this.validation.answer(target, devices);
  }
}
