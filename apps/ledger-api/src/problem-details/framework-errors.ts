import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemType, statusTitle } from './problem-details.js';

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
  const body = {
    type: problemType(error.code === 'FST_ERR_BAD_URL' ? 'malformed-url' : 'invalid-url'),
    title: statusTitle(status),
    status,
    detail,
    instance: request.url.split('?')[0],
    requestId: request.id,
  };
  void reply.code(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
};
