import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * The consent link the write side sends (`PUBLIC_BASE_URL/v1/consent-links/<token>`) is also the API's JSON route.
 * A browser opening it asks for `text/html`; an API client asks for JSON. This Fastify route constraint lets a
 * page route claim the same path for browsers only: `@RouteConstraints({ [HTML_CONSTRAINT]: 'html' })`.
 */
export const HTML_CONSTRAINT = 'pageFormat';

/** A browser's navigation: `text/html` is accepted, and before any JSON type. */
export const prefersHtml = (accept: string | undefined): boolean => {
  const types = (accept ?? '').toLowerCase().split(',').map((part) => part.split(';')[0]?.trim() ?? '');
  const htmlAt = types.indexOf('text/html');
  if (htmlAt < 0) return false;
  const jsonAt = types.findIndex((type) => type === 'application/json' || type.endsWith('+json'));
  return jsonAt < 0 || htmlAt < jsonAt;
};

/** Registers the strategy when it is instantiated: before Nest registers any route, as Fastify requires. */
@Injectable()
export class HtmlNegotiation {
  constructor(adapterHost: HttpAdapterHost) {
    const fastify = adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (fastify.hasConstraintStrategy(HTML_CONSTRAINT)) return;
    fastify.addConstraintStrategy({
      name: HTML_CONSTRAINT,
      storage: () => {
        const handlers = new Map<string, unknown>();
        return {
          get: (value: string) => (handlers.get(value) ?? null) as never,
          set: (value: string, handler: unknown) => void handlers.set(value, handler),
        };
      },
      deriveConstraint: (request: { headers: Record<string, string | string[] | undefined> }) => {
        const accept = request.headers.accept;
        return prefersHtml(typeof accept === 'string' ? accept : undefined) ? 'html' : undefined;
      },
      mustMatchWhenDerived: false,
    } as never);
  }
}
