import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { ProblemException } from '../problem-details/problem.exception.js';
import { problemType } from '../problem-details/problem-details.js';
import { ReadModels } from './read-models.service.js';

/** How long a read waits for its read model to reach the asked position before answering 503. */
export const READ_YOUR_WRITES_WAIT_MS = 3_000;
export const READ_YOUR_WRITES_RETRY_AFTER_SECONDS = 1;
const LEDGER_POSITION_HEADER = 'ledger-position';
const POSITION = /^\d{1,20}$/;

export interface QueryRequest {
  headers: Record<string, string | string[] | undefined>;
  query?: Record<string, unknown>;
}

export interface QueryReply {
  header(name: string, value: string): unknown;
}

const askedPosition = (request: QueryRequest): { position: bigint } | undefined => {
  const fromHeader = request.headers[LEDGER_POSITION_HEADER];
  const fromQuery = request.query?.['minPosition'];
  const raw = typeof fromQuery === 'string' ? fromQuery : Array.isArray(fromHeader) ? fromHeader[0] : fromHeader;
  if (raw === undefined || raw === '') return undefined;
  if (!POSITION.test(raw)) {
    throw new ProblemException({
      status: 400,
      type: problemType('validation'),
      title: 'Invalid request',
      detail: `minPosition / Ledger-Position must be a $all position (digits), as a write's Ledger-Position header gives it; got "${raw}"`,
      extensions: { errors: [{ field: 'minPosition', message: 'expected a non-negative integer' }] },
    });
  }
  return { position: BigInt(raw) };
};

/**
 * Read-your-writes for one request: with `Ledger-Position` (header) or `?minPosition=`, waits until this
 * instance's read models include that position, at most READ_YOUR_WRITES_WAIT_MS, then rejects with a 503 +
 * Retry-After problem; then says in the `Ledger-Position` answer header which position the read reflects.
 * Most reads ask for no position: they get `undefined` (header set, nothing to wait for) rather than a promise.
 * Throws the 400 problem at once for a malformed position.
 */
export const readYourWrites = (readModels: ReadModels, request: QueryRequest, reply: QueryReply): Promise<void> | undefined => {
  const asked = askedPosition(request);
  if (asked === undefined) {
    reflectPosition(readModels, reply);
    return undefined;
  }
  return readModels.waitForPosition(asked.position, READ_YOUR_WRITES_WAIT_MS).then((reached) => {
    if (!reached) throw behind(readModels, asked.position);
    reflectPosition(readModels, reply);
  });
};

// The last position written as header text (it changes once per commit, not per read).
let lastReflected: { position: bigint; text: string } | undefined;

/** Every answer says in `Ledger-Position` which position it reflects. */
const reflectPosition = (readModels: ReadModels, reply: QueryReply): void => {
  const reflected = readModels.committedPosition;
  if (reflected === undefined) return;
  if (lastReflected?.position !== reflected) lastReflected = { position: reflected, text: reflected.toString() };
  reply.header('Ledger-Position', lastReflected.text);
};

const behind = (readModels: ReadModels, position: bigint): ProblemException =>
  new ProblemException({
    status: 503,
    type: problemType('read-model-behind'),
    title: 'Read model not caught up',
    detail:
      `This instance's read models have reached position ${readModels.committedPosition?.toString() ?? 'none'}, ` +
      `not ${position} yet; retry after ${READ_YOUR_WRITES_RETRY_AFTER_SECONDS} second(s).`,
    headers: { 'Retry-After': String(READ_YOUR_WRITES_RETRY_AFTER_SECONDS) },
  });

/** `readYourWrites` for every query route that uses it as an interceptor (`@UseInterceptors(ReadYourWritesInterceptor)`). */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(private readonly readModels: ReadModels) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> | Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const waiting = readYourWrites(this.readModels, http.getRequest<QueryRequest>(), http.getResponse<QueryReply>());
    return waiting === undefined ? next.handle() : waiting.then(() => next.handle());
  }
}
