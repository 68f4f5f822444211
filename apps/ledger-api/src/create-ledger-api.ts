import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DirectoryLock } from '@ledger/directory-lock';
import { AppModule, type FeatureModules } from './app.module.js';
import type { LedgerConfig } from './config/ledger-config.js';
import { lockLedgerDataDir } from './config/ledger-data-dir-lock.js';
import { loadLedgerConfig, type Environment } from './config/load-ledger-config.js';
import { NestLedgerLogger } from './logging/ledger-logger.js';
import { requestIdOf } from './logging/request-id.js';
import { loggedFrameworkErrors, logRequests } from './logging/request-logging.js';
import { createRootLogger } from './logging/root-logger.js';
import { setupOpenApi } from './openapi/setup-openapi.js';
import { drainKeepAliveOnShutdown } from './shutdown/keep-alive-drain.js';
import { clientErrorAnswer, frameworkErrorAnswer } from './problem-details/framework-errors.js';
import { PageErrorFilter } from './pages/shared/page-error.filter.js';
import { ProblemDetailsFilter } from './problem-details/problem-details.filter.js';
import { validationProblem } from './problem-details/validation-problem.js';
import { refuseEncodedBodies } from './validation/content-encoding.js';
import { depthLimitedJson } from './validation/depth-limited-json.js';

export interface LedgerApiOptions {
  /** Variables laid over `process.env` (set one to `undefined` to unset it), e.g. `{ PORT: '0' }` in tests. */
  readonly environment?: Environment;
  /** Extra modules to mount, beside the service's own features (tests add probe routes this way). */
  readonly features?: FeatureModules;
}

export interface LedgerApi {
  readonly app: NestFastifyApplication;
  readonly config: LedgerConfig;
  /** Where the server actually listens, e.g. `http://127.0.0.1:43117` (PORT=0 picks a free port). */
  readonly url: string;
  /** Stops accepting, finishes in-flight requests, then closes subscriptions, the client and the node. */
  close(): Promise<void>;
}

/** The global pipe for every DTO: unknown fields rejected, values converted to their declared types. */
const validationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationProblem,
  });

/**
 * Validates the configuration, builds the service and starts listening. `main.ts` calls it with the
 * process environment; e2e tests call it in-process with overrides. Throws `ConfigurationError` on a
 * wrong value, before anything starts.
 */
export const createLedgerApi = async (options: LedgerApiOptions = {}): Promise<LedgerApi> => {
  const environment: Environment = { ...process.env, ...options.environment };
  const config = loadLedgerConfig(environment);
  // One service per data folder: two would both write its read models and audit index (and, embedded, its store).
  const dataDirLock = lockLedgerDataDir(config.LEDGER_DATA_DIR);
  try {
    return await startLedgerApi(config, environment, options, dataDirLock);
  } catch (error) {
    dataDirLock.release();
    throw error;
  }
};

const startLedgerApi = async (
  config: LedgerConfig,
  environment: Environment,
  options: LedgerApiOptions,
  dataDirLock: DirectoryLock,
): Promise<LedgerApi> => {
  const rootLogger = createRootLogger(config);
  const nestLogger = new NestLedgerLogger(rootLogger);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config, environment, options.features),
    // maxParamLength: a consent link token (an OEM's: partner id, link id and MAC) is longer than Fastify's default 100.
    new FastifyAdapter({
      bodyLimit: config.BODY_LIMIT_BYTES,
      genReqId: requestIdOf,
      routerOptions: { maxParamLength: 256 },
      frameworkErrors: loggedFrameworkErrors(rootLogger, frameworkErrorAnswer),
      clientErrorHandler: clientErrorAnswer,
      // A client trickling a request in holds its connection no longer than this, checked a few times per period.
      // Node enforces it only with a headers timeout no longer than it (Fastify leaves Node's 60 s default in place).
      requestTimeout: config.REQUEST_TIMEOUT_MS,
      http: {
        headersTimeout: Math.min(60_000, config.REQUEST_TIMEOUT_MS),
        connectionsCheckingInterval: Math.min(30_000, Math.ceil(config.REQUEST_TIMEOUT_MS / 4)),
      },
      // During shutdown, `drainKeepAliveOnShutdown` turns new requests away with a problem, not Fastify's JSON.
      return503OnClosing: false,
    }),
    // Start-up failures are thrown to the caller rather than ending the process from inside Nest (and not logged too).
    { logger: nestLogger, abortOnError: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  logRequests(fastify, rootLogger);
  // The API speaks JSON (and the types routes register themselves): a text/plain body is a 415, not a string.
  fastify.removeContentTypeParser('text/plain');
  refuseEncodedBodies(fastify);
  app.useBodyParser('application/json', { bodyLimit: config.BODY_LIMIT_BYTES }, depthLimitedJson(fastify));
  const drain = drainKeepAliveOnShutdown(fastify);
  // A browser opening an address no route serves gets the pages' 404 page; everyone else a problem.
  app.useGlobalFilters(new ProblemDetailsFilter({ bodyLimitBytes: config.BODY_LIMIT_BYTES }, app.get(PageErrorFilter, { strict: false })));
  app.useGlobalPipes(validationPipe());
  setupOpenApi(app, config);
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    await app.close();
    // EADDRINUSE, EADDRNOTAVAIL, ENOTFOUND…: name what could not be listened on (HOST, PORT).
    throw new Error(`cannot listen on HOST=${config.HOST} PORT=${config.PORT}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  nestLogger.started();
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  // PORT=0 without PUBLIC_BASE_URL: the default base named port 0 until now (consent links, receipts, OpenAPI).
  if (config.PUBLIC_BASE_URL === 'http://localhost:0') config.PUBLIC_BASE_URL = `http://localhost:${port}`;
  // SIGTERM and SIGINT may both arrive: the second caller waits for the same shutdown.
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    drain.begin();
    return (closing ??= app.close().finally(() => dataDirLock.release()));
  };
  return { app, config, url: `http://${host}:${port}`, close };
};
