import type { FastifyInstance } from 'fastify';
import { replyProblem } from '../problem-details/reply-problem.js';

/**
 * The service reads bodies as sent: a compressed one (`Content-Encoding: gzip`) would be read as its compressed
 * bytes, and refused for a reason that misleads ("not UTF-8", "malformed JSON"). It is a 415 that says so, before
 * anything reads it. `identity` (no encoding) is accepted.
 */
export const refuseEncodedBodies = (fastify: FastifyInstance): void => {
  fastify.addHook('onRequest', (request, reply, done) => {
    const encoding = request.headers['content-encoding'];
    if (encoding === undefined) return done(); // nearly every request: nothing to look at
    const codings = (Array.isArray(encoding) ? encoding.join(',') : encoding)
      .split(',')
      .map((coding) => coding.trim().toLowerCase())
      .filter((coding) => coding !== '' && coding !== 'identity');
    if (codings.length === 0) return done();
    replyProblem(
      request,
      reply,
      { status: 415, type: 'unsupported-content-encoding', detail: `Content-Encoding ${codings.join(', ')} is not accepted: send the body uncompressed.` },
      { 'accept-encoding': 'identity' },
    );
  });
};
