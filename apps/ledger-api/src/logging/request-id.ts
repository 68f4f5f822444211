import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is kept only when it cannot smuggle anything into the logs.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id every log line of a request carries and every response echoes (Fastify's `genReqId`): the caller's
 * `X-Request-Id` when it is a plain token, so a partner can correlate with its own logs, else a UUID.
 */
export const requestIdOf = (request: { readonly headers: IncomingHttpHeaders }): string => {
  const offered = request.headers[REQUEST_ID_HEADER];
  return typeof offered === 'string' && ACCEPTABLE_REQUEST_ID.test(offered) ? offered : randomUUID();
};
