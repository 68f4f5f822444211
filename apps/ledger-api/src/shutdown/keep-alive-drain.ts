import type { FastifyInstance } from 'fastify';
import { replyProblem } from '../problem-details/reply-problem.js';

export interface KeepAliveDrain {
  /** From now on every response tells its client to close the connection, and new requests are turned away. */
  begin(): void;
}

/** What a request arriving during shutdown is told: try again (another instance, or this one restarted). */
const SHUTTING_DOWN_RETRY_AFTER_SECONDS = 1;

/**
 * Closing the server waits for every open connection, and a client's keep-alive connection stays open
 * after its last response. Once shutdown begins, answers carry `Connection: close`: each in-flight
 * request still completes, then its connection ends, and the server can close without cutting anyone off.
 * A request that arrives after that (on a connection still open, or pipelined behind one in flight) is not
 * started: it gets a 503 problem with `Retry-After`, in place of Fastify's own 503 body (its
 * `return503OnClosing`, turned off for this, answers plain JSON).
 */
export const drainKeepAliveOnShutdown = (fastify: FastifyInstance): KeepAliveDrain => {
  let draining = false;
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!draining) return done();
    replyProblem(
      request,
      reply,
      { status: 503, type: 'shutting-down', detail: 'This instance is shutting down and takes no new requests; nothing was done. Send the request again.' },
      { 'retry-after': String(SHUTTING_DOWN_RETRY_AFTER_SECONDS) },
    );
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) void reply.header('connection', 'close');
    done(null, payload);
  });
  return {
    begin: () => {
      draining = true;
    },
  };
};
