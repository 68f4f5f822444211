import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf, requestHashOf } from '../idempotency/idempotency-claim.js';
import { actorOf } from '../identity/index.js';
import type { CommandContext } from './command-context.js';

export const CORRELATION_ID_HEADER = 'x-correlation-id';
// Kept only when it cannot smuggle anything into logs or metadata.
const PLAIN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface WriteRequest {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body?: unknown;
}

const correlationIdOf = (request: WriteRequest): string => {
  const given = request.headers[CORRELATION_ID_HEADER];
  return typeof given === 'string' && PLAIN_ID.test(given) ? given : request.id;
};

/**
 * The `CommandContext` of a write request: the verified caller, correlation and command ids, and the
 * `Idempotency-Key` (400 when malformed) with the digest of the request it came with.
 */
export const WriteContext = createParamDecorator((_data: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<WriteRequest>();
  const key = idempotencyKeyOf(request.headers[IDEMPOTENCY_KEY_HEADER]);
  const path = request.url.split('?')[0] ?? request.url;
  return {
    actor: actorOf(request),
    correlationId: correlationIdOf(request),
    commandId: randomUUID(),
    ...(key === undefined ? {} : { idempotency: { key, requestHash: requestHashOf(request.method, path, request.body) } }),
  };
});
