import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loggedUrl } from '../logging/request-logging.js';
import { PROBLEM_CONTENT_TYPE } from './problem-details.js';
import { toProblem, type ProblemContext } from './to-problem.js';

/**
 * The one place errors become HTTP answers: every exception, from a route, a guard, the router's
 * 404 or Fastify's body parsing, leaves as RFC 9457 `application/problem+json`, never with a stack.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(
    private readonly context: ProblemContext,
    /** The pages' answer to a browser opening an address no route serves (true when it answered). */
    private readonly unknownAddressPage?: { catchUnknownAddress(exception: unknown, host: ArgumentsHost): boolean },
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (this.unknownAddressPage?.catchUnknownAddress(exception, host)) return;
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { problem, headers, unexpected } = toProblem(exception, this.context);
    // The id every log line of the request carries (and X-Request-Id echoes): quoting it lets support find them.
    const requestId = request.id;
    if (unexpected) {
      // As on access lines: a consent link's token (a bearer secret) never reaches the log.
      this.logger.error({ err: exception, requestId }, `Unexpected error on ${request.method} ${loggedUrl(request)}`);
    }
    const body = {
      ...problem,
      instance: request.url.split('?')[0],
      ...(typeof requestId === 'string' ? { requestId } : {}),
    };
    void reply.status(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }
}
