import type { FastifyInstance } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemType, statusTitle } from '../problem-details/problem-details.js';

/**
 * The service reads bodies as sent: a compressed one (`Content-Encoding: gzip`) would be read as its compressed
 * bytes, and refused for a reason that misleads ("not UTF-8", "malformed JSON"). It is a 415 that says so, before
 * anything reads it. `identity` (no encoding) is accepted.
 */
export const refuseEncodedBodies = (fastify: FastifyInstance): void => {
  fastify.addHook('onRequest', (request, reply, done) => {
    const encoding = request.headers['content-encoding'];
    const codings = (Array.isArray(encoding) ? encoding.join(',') : (encoding ?? ''))
      .split(',')
      .map((coding) => coding.trim().toLowerCase())
      .filter((coding) => coding !== '' && coding !== 'identity');
    if (codings.length === 0) return done();
    const body = {
      type: problemType('unsupported-content-encoding'),
      title: statusTitle(415),
      status: 415,
      detail: `Content-Encoding ${codings.join(', ')} is not accepted: send the body uncompressed.`,
      instance: request.url.split('?')[0],
      requestId: request.id,
    };
    void reply.code(415).header('accept-encoding', 'identity').type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  });
};
