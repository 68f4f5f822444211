import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemType, statusTitle } from './problem-details.js';
import { replyProblem } from './reply-problem.js';

/**
 * Fastify's router refuses some requests before any route (and so before Nest's filters) runs: a URL whose
 * percent-encoding is broken, a path parameter over `maxParamLength`. They leave as problem+json too, with
 * Fastify's status and the request id, like every other error (`ProblemDetailsFilter`).
 */
export const frameworkErrorAnswer = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
  const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const detail =
    error.code === 'FST_ERR_BAD_URL'
      ? 'The URL is not valid: a percent-encoded character in it is malformed.'
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'A part of the URL is longer than any identifier or link token of this API; check that the link was copied whole and nothing was added to it.'
        : error.message;
  replyProblem(request, reply, { status, type: error.code === 'FST_ERR_BAD_URL' ? 'malformed-url' : 'invalid-url', detail });
};

/** The refusals of Node's HTTP parser, by its error code; anything else it refuses is a 400. */
const CLIENT_ERRORS: Readonly<Record<string, { status: number; type: string; detail: string }>> = {
  HPE_HEADER_OVERFLOW: { status: 431, type: 'headers-too-large', detail: 'The request headers are larger than this service accepts; send a shorter token or fewer headers.' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, type: 'request-timeout', detail: 'The request did not arrive in time; send it again.' },
};
const MALFORMED_REQUEST = { status: 400, type: 'malformed-request', detail: 'The request is not well-formed HTTP/1.1.' };

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers too large, a malformed request line or
 * header, a timeout) answer problem+json too, written on the socket as Fastify's own handler would; there is no
 * request yet, so no request id or instance.
 */
export function clientErrorAnswer(this: { log: { trace(value: object, message: string): void } }, error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, type, detail } = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED_REQUEST;
  this.log.trace({ err: error }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify({ type: problemType(type), title: statusTitle(status), status, detail });
    socket.write(
      `HTTP/1.1 ${status} ${statusTitle(status)}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
