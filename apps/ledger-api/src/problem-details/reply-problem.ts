import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemType, statusTitle } from './problem-details.js';

/**
 * A problem answered from a Fastify hook or handler, where Nest's filters do not run (the router's refusals, a
 * request during shutdown, a compressed body): the body every other problem has, with the request id.
 */
export const replyProblem = (
  request: FastifyRequest,
  reply: FastifyReply,
  problem: { readonly status: number; readonly type: string; readonly detail: string },
  headers: Readonly<Record<string, string>> = {},
): void => {
  const body = {
    type: problemType(problem.type),
    title: statusTitle(problem.status),
    status: problem.status,
    detail: problem.detail,
    instance: request.url.split('?')[0],
    requestId: request.id,
  };
  void reply.code(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
};
