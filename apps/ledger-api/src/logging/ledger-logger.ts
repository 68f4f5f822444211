import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';
import { currentRequest } from './request-context.js';

type Fields = Record<string, unknown>;

// Nest's own exception handlers call `error(message, stack)`: turn that into an `err` field.
const looksLikeStack = (value: unknown): value is string => typeof value === 'string' && /\n\s*at /.test(value);

/**
 * Nest's `Logger` on pino, with nestjs-pino's calling convention: `log(message | fields | error, ...args, context)`
 * where the last argument is the context (the class that logs). Inside a request every line carries its `reqId`.
 */
export class LedgerLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    if (!this.root.isLevelEnabled(level)) return;
    const fields: Fields = {};
    const request = currentRequest();
    if (request) fields['reqId'] = request.reqId;
    const params = rest.length > 0 ? rest.slice(0, -1) : [];
    if (rest.length > 0) fields['context'] = rest[rest.length - 1];
    if (message instanceof Error) {
      fields['err'] = message;
      this.root[level](fields, ...(params as [string?]));
    } else if (typeof message === 'object' && message !== null) {
      this.root[level](Object.assign(fields, message), ...(params as [string?]));
    } else if (level === 'error' && params.length === 1 && looksLikeStack(params[0])) {
      const error = new Error(String(message));
      error.stack = params[0];
      this.root[level]({ ...fields, err: error });
    } else {
      this.root[level](fields, String(message), ...params);
    }
  }
}

/** Where Nest logs an error that stops start-up before handing it back (`abortOnError: false`; a failed listen). */
const NEST_START_UP_ERROR_CONTEXTS = new Set(['ExceptionHandler', 'NestApplication']);

/**
 * The logger Nest gets. While the service starts, Nest logs each error that stops it (a module factory's, such as a
 * wrong notary or AUTH_* setting, with its stack; a port that cannot be listened on) and then hands it back to
 * `createLedgerApi`, whose caller reports it once (main.ts: one line naming what to fix). Those lines of Nest's
 * are left out until `started()`.
 */
export class NestLedgerLogger extends LedgerLogger {
  private starting = true;

  started(): void {
    this.starting = false;
  }

  override error(message: unknown, ...rest: unknown[]): void {
    if (this.starting && NEST_START_UP_ERROR_CONTEXTS.has(String(rest.at(-1)))) return;
    super.error(message, ...rest);
  }
}
