import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/** An RFC 9457 problem as the API answers it (the fields a page needs). */
export interface ApiProblem {
  readonly status: number;
  readonly detail: string;
  readonly code?: string;
  readonly requestId?: string;
}

export type ApiAnswer<Body> =
  | { readonly ok: true; readonly status: number; readonly body: Body; readonly position?: string }
  | { readonly ok: false; readonly status: number; readonly problem: ApiProblem };

export interface ApiCall {
  /** The signed-in user's bearer token (from the session cookie). */
  readonly token?: string;
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  /** A `Ledger-Position` this read must reflect (the position of the write the user just made). */
  readonly position?: string;
}

const problemOf = (status: number, text: string): ApiProblem => {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    return {
      status,
      detail: typeof body.detail === 'string' ? body.detail : '',
      ...(typeof body.code === 'string' ? { code: body.code } : {}),
      ...(typeof body.requestId === 'string' ? { requestId: body.requestId } : {}),
    };
  } catch {
    return { status, detail: '' };
  }
};

/**
 * The pages call the service's own HTTP contract, in process (Fastify's `inject`: no socket, no second port),
 * with the user's token. So a page gets exactly the API's rules: authentication, roles, partner and tenant
 * scopes, DTO validation, idempotency, read-your-writes, and its problem+json answers, which the page turns into
 * words. The pages depend on the contract (api.md), not on any feature's internals.
 */
@Injectable()
export class LedgerApiClient {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async call<Body = Record<string, unknown>>(method: 'GET' | 'POST' | 'DELETE', path: string, call: ApiCall = {}): Promise<ApiAnswer<Body>> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (call.token !== undefined) headers.authorization = `Bearer ${call.token}`;
    if (call.idempotencyKey !== undefined) headers['idempotency-key'] = call.idempotencyKey;
    if (call.position !== undefined) headers['ledger-position'] = call.position;
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fastify.inject({
      method,
      url: path,
      headers,
      ...(call.body === undefined ? {} : { payload: JSON.stringify(call.body) }),
    });
    if (response.statusCode >= 400) return { ok: false, status: response.statusCode, problem: problemOf(response.statusCode, response.body) };
    const position = response.headers['ledger-position'];
    return {
      ok: true,
      status: response.statusCode,
      body: (response.body === '' ? {} : JSON.parse(response.body)) as Body,
      ...(typeof position === 'string' ? { position } : {}),
    };
  }
}

/** A path segment from user input, encoded so it can only ever be one segment. */
export const segment = (value: string): string => encodeURIComponent(value);
