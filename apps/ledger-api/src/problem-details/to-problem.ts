import { HttpException } from '@nestjs/common';
import { ConcurrencyError, StoreUnavailableError } from '@ledger/event-store';
import { problemType, statusTitle, type ProblemDetails } from './problem-details.js';
import { ProblemException } from './problem.exception.js';

/** How long a client should wait before retrying when the event store is unreachable. */
export const STORE_RETRY_AFTER_SECONDS = 5;

export interface ProblemAnswer {
  readonly problem: ProblemDetails;
  readonly headers: Readonly<Record<string, string>>;
  /** Unexpected faults are logged with their stack; the client only gets a generic detail. */
  readonly unexpected: boolean;
}

export interface ProblemContext {
  readonly bodyLimitBytes: number;
}

const answer = (problem: ProblemDetails, headers: Record<string, string> = {}): ProblemAnswer => ({
  problem,
  headers,
  unexpected: false,
});

const fastifyCode = (exception: HttpException): string | undefined => {
  const cause = exception.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
};

const messageOf = (exception: HttpException): string => {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
};

/** Errors raised by Fastify before a route runs (body parsing), mapped by Nest to HttpExceptions. */
const requestParsingProblem = (exception: HttpException, context: ProblemContext): ProblemDetails | undefined => {
  switch (fastifyCode(exception)) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        type: problemType('payload-too-large'),
        title: 'Request body too large',
        status: 413,
        detail: `The request body exceeds the limit of ${context.bodyLimitBytes} bytes; send a smaller body.`,
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        type: problemType('unsupported-media-type'),
        title: 'Unsupported media type',
        status: 415,
        detail: `${exception.message}. Send the body as application/json (or the type the route documents at /docs).`,
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        type: problemType('malformed-json'),
        title: 'Malformed JSON',
        status: 400,
        detail: `The request body is not valid JSON (${exception.message}); fix its syntax and retry.`,
      };
    default:
      return undefined;
  }
};

const httpProblem = (exception: HttpException, context: ProblemContext): ProblemDetails => {
  const parsing = requestParsingProblem(exception, context);
  if (parsing) return parsing;
  const status = exception.getStatus();
  const message = messageOf(exception);
  // Nest's router answers unknown routes with "Cannot GET /path".
  const detail =
    status === 404 && message.startsWith('Cannot ')
      ? `No route matches ${message.slice('Cannot '.length)}; the API is described at /docs.`
      : message;
  return { type: 'about:blank', title: statusTitle(status), status, detail };
};

/** Maps anything thrown while serving a request to the problem the client receives. */
export const toProblem = (exception: unknown, context: ProblemContext): ProblemAnswer => {
  const { problem, headers, unexpected } = classify(exception, context);
  // Every 503 tells the client when to come back, whoever raised it.
  const retryable = problem.status === 503 && !('Retry-After' in headers);
  return {
    problem,
    headers: retryable ? { ...headers, 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) } : headers,
    unexpected,
  };
};

const classify = (exception: unknown, context: ProblemContext): ProblemAnswer => {
  if (exception instanceof ProblemException) return answer(exception.problem, { ...exception.headers });
  if (exception instanceof ConcurrencyError) {
    return answer({
      type: problemType('concurrency-conflict'),
      title: 'Concurrent change',
      status: 409,
      detail: 'Another request changed the same record while this one was processed; retry the request.',
    });
  }
  if (exception instanceof StoreUnavailableError) {
    return answer({
      type: problemType('store-unavailable'),
      title: 'Event store unavailable',
      status: 503,
      detail:
        `The event store did not answer, so nothing was confirmed. Retry after ${STORE_RETRY_AFTER_SECONDS} seconds ` +
        '(with the same Idempotency-Key a retry never records twice).',
    });
  }
  // Thrown on purpose by our code or mapped from Fastify: its message is meant for the client.
  // A deliberate 500 still means a fault, so it is logged like an unexpected one.
  if (exception instanceof HttpException) {
    const problem = httpProblem(exception, context);
    return { problem, headers: {}, unexpected: problem.status === 500 };
  }
  return {
    problem: {
      type: 'about:blank',
      title: statusTitle(500),
      status: 500,
      detail: 'An unexpected error occurred and was logged; quote the request id when reporting it.',
    },
    headers: {},
    unexpected: true,
  };
};
