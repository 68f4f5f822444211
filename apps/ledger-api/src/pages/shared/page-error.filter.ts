import { Catch, HttpException, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loggedUrl } from '../../logging/request-logging.js';
import { prefersHtml } from './html-negotiation.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { PageContexts } from './page-context.js';
import { CsrfRefusedException } from './page-exceptions.js';
import { sendPage } from './page-reply.js';
import { PAGE_SECURITY_HEADERS } from './security-headers.js';

const fieldMessages = (response: unknown): string[] => {
  const errors = (response as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((error: { field?: unknown; message?: unknown }) => `${String(error.field)}: ${String(error.message)}`);
};

/**
 * Errors on a page become a page: the status, a sentence in the user's language, never a stack trace. A bug
 * (anything but an HttpException) is logged with the request id, which the page quotes for support.
 */
@Catch()
@Injectable()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(private readonly contexts: PageContexts) {}

  /**
   * A browser opening an address no route serves (a mistyped or outdated link) gets the "no page at this address"
   * page in its language, not the API's JSON 404. True when it answered; API clients are left to the caller.
   */
  catchUnknownAddress(exception: unknown, host: ArgumentsHost): boolean {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const navigation = request.method === 'GET' || request.method === 'HEAD';
    const unrouted = request.routeOptions.url === undefined;
    if (!navigation || !unrouted || !(exception instanceof HttpException) || exception.getStatus() !== 404) return false;
    const accept = request.headers.accept;
    if (!prefersHtml(typeof accept === 'string' ? accept : undefined)) return false;
    this.catch(exception, host);
    return true;
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const context = this.contexts.anonymous(request);
    const { messages } = context;
    let status = 500;
    let words: string[];
    if (exception instanceof CsrfRefusedException) {
      status = 403;
      words = [messages.csrfRefused];
    } else if (exception instanceof HttpException && exception.getStatus() < 500) {
      status = exception.getStatus();
      const fields = fieldMessages(exception.getResponse());
      words = status === 404 ? [messages.notFound] : fields.length > 0 ? fields : [exception.message];
    } else {
      const requestId = String((request.raw as { id?: unknown }).id ?? request.id);
      this.logger.error({ err: exception, requestId }, `Unexpected error on page ${request.method} ${loggedUrl(request).split('?')[0]}`);
      if (exception instanceof HttpException) status = exception.getStatus();
      words = [status === 503 ? messages.storeUnavailable : messages.serverError(requestId)];
    }
    const main = html`<div class="notice refusal" role="alert">${words.map((line) => html`<p>${line}</p>`)}</div>
      <p><a href="/">${messages.nav.home}</a></p>`;
    if (status === 503) void reply.header('retry-after', '5');
    void reply.headers(PAGE_SECURITY_HEADERS);
    sendPage(reply, context, layout(context, { title: messages.errorTitle, main }), status);
  }
}
