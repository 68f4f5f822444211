import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER } from './request-id.js';
import { runInRequest } from './request-context.js';

// Probes hit these every few seconds; their failures show in the readiness body instead.
const isProbe = (request: FastifyRequest): boolean => request.url.startsWith('/health/');

/**
 * Request logging in Fastify's own hooks rather than as Nest middleware (which costs a middie pass, a pino-http
 * child logger and a serialised request on every route). Each request echoes its id (`X-Request-Id`), runs in a
 * request context so that every line logged on its behalf (Nest `Logger` included, see `LedgerLogger`) carries
 * `reqId`, and ends with one access line.
 */
export const logRequests = (fastify: FastifyInstance, root: Logger): void => {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    runInRequest({ reqId: request.id }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const statusCode = reply.statusCode;
    const level = statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
    if (!isProbe(request) && root.isLevelEnabled(level)) {
      root[level](
        { reqId: request.id, req: { method: request.method, url: request.url }, res: { statusCode }, responseTime: reply.elapsedTime },
        'request completed',
      );
    }
    done();
  });
};
