import type { FastifyInstance } from 'fastify';

export interface KeepAliveDrain {
  /** From now on every response tells its client to close the connection. */
  begin(): void;
}

/**
 * Closing the server waits for every open connection, and a client's keep-alive connection stays open
 * after its last response. Once shutdown begins, answers carry `Connection: close`: each in-flight
 * request still completes, then its connection ends, and the server can close without cutting anyone off.
 */
export const drainKeepAliveOnShutdown = (fastify: FastifyInstance): KeepAliveDrain => {
  let draining = false;
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
