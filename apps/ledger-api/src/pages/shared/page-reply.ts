import type { FastifyReply } from 'fastify';
import type { Html } from './html.js';
import type { PageContext } from './page-context.js';
import { PAGE_SECURITY_HEADERS } from './security-headers.js';

/** Sends a page: its status, the security headers, the cookies the request set, never cached. */
export const sendPage = (reply: FastifyReply, context: PageContext, page: Html, status = 200): FastifyReply => {
  if (context.cookies.length > 0) void reply.header('set-cookie', context.cookies);
  return reply
    .status(status)
    .headers({ ...PAGE_SECURITY_HEADERS, 'cache-control': 'no-store', vary: 'Cookie, Accept-Language' })
    .type('text/html; charset=utf-8')
    .send(page.text);
};

/** After a form: 303 to a page that shows the result (so a reload never posts again). */
export const redirectAfterPost = (reply: FastifyReply, context: PageContext, location: string): FastifyReply => {
  if (context.cookies.length > 0) void reply.header('set-cookie', context.cookies);
  return reply.status(303).headers({ ...PAGE_SECURITY_HEADERS, 'cache-control': 'no-store' }).header('location', location).send();
};

/**
 * Only a path of this site may be a place to come back to (never `//host` or `https://host`), in the characters a
 * `Location` header may carry (printable ASCII: a browser sends anything else percent-encoded).
 */
export const safeReturnPath = (value: unknown, fallback = '/'): string =>
  typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : fallback;
