import type { IncomingMessage } from 'node:http';
import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { LedgerConfig } from '../config/ledger-config.js';

const pathOf = (request: IncomingMessage & { originalUrl?: string }): string => request.originalUrl ?? request.url ?? '';

/**
 * JSON logs through pino (nestjs-pino, whose ESM build runs on Node 20 despite its declared engine).
 * Inside a request every line, including those of Nest's `Logger`, carries `req.id`.
 */
@Module({})
export class LoggingModule {
  static register(config: LedgerConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          // nestjs-pino's default route pattern `{/*splat}` matches nothing on Nest 12's Fastify adapter.
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.LOG_LEVEL,
            // Fastify already assigned the id (see request-id.ts); pino-http only reads it.
            genReqId: (request) => String(request.id),
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            customLogLevel: (_request, response, error) =>
              error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
            // Probes hit these every few seconds; their failures show in the readiness body instead.
            // Middie strips the matched prefix from `url` while middleware runs; `originalUrl` keeps it.
            autoLogging: { ignore: (request) => pathOf(request).startsWith('/health/') },
          },
        }),
      ],
    };
  }
}
