import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse } from '@nestjs/swagger';

const PROBLEM_EXAMPLES: Readonly<Record<number, { title: string; detail: string; code?: string }>> = {
  400: { title: 'Invalid input', detail: '1 field(s) are invalid: kind. Fix them and retry.' },
  401: { title: 'Unauthorized', detail: 'no bearer token: send "Authorization: Bearer <JWT>"' },
  403: { title: 'Forbidden', detail: 'only a Global Administrator of tenant 7f3c… may accept', code: 'NOT_GLOBAL_ADMIN' },
  404: { title: 'Not Found', detail: 'partner contoso-csp is not enrolled', code: 'PARTNER_NOT_ENROLLED' },
  409: { title: 'Conflict', detail: 'consent request … was already accepted: a consent link is single use', code: 'CONSENT_REQUEST_ALREADY_ACCEPTED' },
  413: { title: 'Request body too large', detail: 'The request body exceeds the limit of 1048576 bytes; send a smaller body.' },
  422: { title: 'Unprocessable Entity', detail: 'partner oem-1 is an OEM: OEMs never hold delegated admin rights', code: 'DAP_NEVER_GRANTED_TO_OEM' },
  503: { title: 'Event store unavailable', detail: 'The event store did not answer, so nothing was confirmed. Retry after 5 seconds.' },
};

/** The problem+json answers of a route, each with an example (RFC 9457, plus `code` for refusals). */
export const ApiProblems = (...statuses: number[]): MethodDecorator =>
  applyDecorators(
    ...statuses.map((status) => {
      const example = PROBLEM_EXAMPLES[status]!;
      return ApiResponse({
        status,
        description: example.title,
        content: {
          'application/problem+json': {
            schema: {
              type: 'object',
              required: ['type', 'title', 'status', 'detail'],
              properties: {
                type: { type: 'string' },
                title: { type: 'string' },
                status: { type: 'integer' },
                detail: { type: 'string' },
                code: { type: 'string', description: 'For a refusal of the domain or of access (e.g. ROLE_REQUIRED): its code.' },
                errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
              },
            },
            example: { type: 'about:blank', status, ...example },
          },
        },
        ...(status === 503 ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', example: 5 } } } } : {}),
      });
    }),
  );

export interface ApiWriteOptions {
  readonly status: number;
  readonly description: string;
  readonly type?: Type<unknown>;
  readonly example?: unknown;
  readonly problems: number[];
}

/**
 * What `Idempotency-Key` alone can answer on any write: 400 (a malformed key), 409 + Retry-After (the first request
 * with this key still running), 422 (the key used before with another request).
 */
const IDEMPOTENCY_PROBLEMS = [400, 409, 422];

/** A write route: its bearer auth, `Idempotency-Key`, the `Ledger-Position` it answers with, and its problems. */
export const ApiWrite = (options: ApiWriteOptions): MethodDecorator =>
  applyDecorators(
    ApiBearerAuth(),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Any string of at most 200 characters. The same key with the same request returns the first answer again and ' +
        'records nothing new; with another request: 422. Kept in the event store, so it holds across restarts.',
      example: '8e0f6c1e-2b1f-4c1e-9a77-5d1f8f0a0c11',
    }),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Recorded as the correlation id of the events.' }),
    ApiResponse({
      status: options.status,
      description: options.description,
      ...(options.type === undefined ? {} : { type: options.type }),
      ...(options.example === undefined ? {} : { example: options.example }),
      headers: {
        'Ledger-Position': {
          description: 'The $all commit position of the last event this write recorded; send it on reads to read your writes.',
          schema: { type: 'string', example: '40960' },
        },
      },
    }),
    ApiProblems(...new Set([400, 401, ...options.problems, ...IDEMPOTENCY_PROBLEMS, 503].sort((a, b) => a - b))),
  );
