import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pino, type Level, type Logger } from 'pino';
import { REQUEST_ID_HEADER } from './request-id.js';
import { runInRequest } from './request-context.js';

// Probes hit these every few seconds; their failures show in the readiness body instead.
const isProbe = (request: FastifyRequest): boolean => request.url.startsWith('/health/');

/** Routes whose URL carries a secret (an OpenID Connect code and state in its query). */
const SECRET_QUERY_ROUTES = new Set(['/sign-in/callback']);

/** A consent link's path anywhere in a URL, its `/` encoded or not (a sign-in page's `returnTo` names the link it came from). */
const CONSENT_LINK_TOKEN = /(consent-links(?:\/|%2F))[^/?&#%]+/gi;

/**
 * The URL an access line names, without the secrets some URLs carry: a consent link's token (a bearer secret for
 * whoever holds the link; the ledger records ids, never tokens) is logged as the route's `:token`, also where a query
 * names the link (`/sign-in?returnTo=…`) or no route matched, and the query of a sign-in callback (a one-time code)
 * is left out.
 */
export const loggedUrl = (request: Pick<FastifyRequest, 'url' | 'routeOptions'>): string => {
  const route = request.routeOptions.url;
  if (route !== undefined && (route.includes(':token') || SECRET_QUERY_ROUTES.has(route))) return route;
  return request.url.replace(CONSENT_LINK_TOKEN, '$1:token');
};

const ACCESS_MESSAGE = 'request completed';

interface AccessLine {
  readonly reqId: string;
  readonly method: string;
  readonly url: string;
  readonly statusCode: number;
  readonly responseTime: number;
}

type Internals = Record<symbol, unknown>;
const { chindingsSym, endSym, formattersSym, hooksSym, lsCacheSym, messageKeySym, mixinSym, nestedKeySym, serializersSym, streamSym, stringifiersSym, timeSym, needsMetadataGsym } =
  pino.symbols;

/**
 * The access line as pino writes it for `root[level]({ reqId, req: { method, url }, res: { statusCode },
 * responseTime }, 'request completed')`, byte for byte (request-logging.spec.ts compares the two), built from
 * the root logger's own pieces (its level prefix, time, bindings and line end), and handed to its stream: one
 * string instead of pino's walk over a fresh object per request. Undefined when the root logger does anything
 * to fields or lines that this does not (serializers or redaction of these keys, a log formatter, mixin,
 * nested key, hooks, another message key, a stream that wants metadata): then `root[level]` writes it.
 */
const accessLineWriter = (root: Logger): ((level: Level, line: AccessLine) => void) | undefined => {
  const internals = root as unknown as Internals;
  const serializers = internals[serializersSym] as Record<string, unknown>;
  const stringifiers = internals[stringifiersSym] as Record<string | symbol, unknown>;
  const formatters = internals[formattersSym] as { log?: unknown };
  const hooks = internals[hooksSym] as { logMethod?: unknown; streamWrite?: unknown };
  const stream = internals[streamSym] as { write(line: string): unknown; [key: symbol]: unknown };
  const plain =
    ['reqId', 'req', 'res', 'responseTime', 'msg'].every((key) => serializers[key] === undefined) &&
    Object.keys(stringifiers).length === 0 &&
    Object.getOwnPropertySymbols(stringifiers).length === 0 &&
    formatters.log === undefined &&
    internals[mixinSym] === undefined &&
    internals[nestedKeySym] == null &&
    hooks.logMethod === undefined &&
    hooks.streamWrite === undefined &&
    internals[messageKeySym] === 'msg' &&
    !root.msgPrefix &&
    stream[needsMetadataGsym] !== true;
  if (!plain) return undefined;
  const levelPrefix = internals[lsCacheSym] as Record<number, string>;
  const time = internals[timeSym] as () => string;
  const bindings = internals[chindingsSym] as string;
  const end = `,"msg":${JSON.stringify(ACCESS_MESSAGE)}${internals[endSym] as string}`;
  return (level, { reqId, method, url, statusCode, responseTime }) => {
    stream.write(
      `${levelPrefix[root.levels.values[level]!]}${time()}${bindings},"reqId":${JSON.stringify(reqId)}` +
        `,"req":{"method":${JSON.stringify(method)},"url":${JSON.stringify(url)}},"res":{"statusCode":${statusCode}}` +
        `,"responseTime":${Number.isFinite(responseTime) ? responseTime : null}${end}`,
    );
  };
};

/** Writes a request's access line (none for probes), at a level by its status. */
const accessLogger = (root: Logger) => {
  const writeAccessLine = accessLineWriter(root);
  return (request: FastifyRequest, statusCode: number, responseTime: number): void => {
    const level = statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
    if (isProbe(request) || !root.isLevelEnabled(level)) return;
    const line = { reqId: request.id, method: request.method, url: loggedUrl(request), statusCode, responseTime };
    if (writeAccessLine !== undefined) writeAccessLine(level, line);
    else {
      root[level]({ reqId: line.reqId, req: { method: line.method, url: line.url }, res: { statusCode }, responseTime }, ACCESS_MESSAGE);
    }
  };
};

/**
 * Request logging in Fastify's own hooks rather than as Nest middleware (which costs a middie pass, a pino-http
 * child logger and a serialised request on every route). Each request echoes its id (`X-Request-Id`), runs in a
 * request context so that every line logged on its behalf (Nest `Logger` included, see `LedgerLogger`) carries
 * `reqId`, and ends with one access line.
 */
export const logRequests = (fastify: FastifyInstance, root: Logger): void => {
  const logAccess = accessLogger(root);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    runInRequest({ reqId: request.id }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    logAccess(request, reply.statusCode, reply.elapsedTime);
    done();
  });
};

type FrameworkErrors = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void;

/**
 * Fastify's `frameworkErrors` option, logged like every other request: Fastify calls it for a request its router
 * refuses before any route (broken percent-encoding, a path part over `maxParamLength`) and runs no hook for it,
 * so this does what `logRequests`' hooks do: the answer echoes the request id, and its access line is written
 * once it is sent.
 */
export const loggedFrameworkErrors = (root: Logger, answer: FrameworkErrors): FrameworkErrors => {
  const logAccess = accessLogger(root);
  return (error, request, reply) => {
    const start = performance.now();
    reply.raw.once('finish', () => logAccess(request, reply.statusCode, performance.now() - start));
    void reply.header(REQUEST_ID_HEADER, request.id);
    runInRequest({ reqId: request.id }, () => answer(error, request, reply));
  };
};
