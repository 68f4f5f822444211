import type { AddressInfo } from 'node:net';
import { setTimeout } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/** An RFC 9457 problem as the API answers it (the fields a page needs). */
export interface ApiProblem {
  readonly status: number;
  readonly detail: string;
  readonly code?: string;
  readonly requestId?: string;
  /** The problem's `type` URI. */
  readonly type?: string;
  /** A validation problem's fields (its `errors[].field`), e.g. `cursor` for a list's cursor the API refused. */
  readonly fields?: readonly string[];
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

/** How often, and how long apart, a form sent again asks for the answer of its first sending, still running. */
const IN_FLIGHT_WAITS = 50;
const IN_FLIGHT_WAIT_MS = 100;

const problemOf = (status: number, text: string): ApiProblem => {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const fields = Array.isArray(body.errors) ? body.errors.flatMap((error: { field?: unknown }) => (typeof error?.field === 'string' ? [error.field] : [])) : [];
    return {
      status,
      detail: typeof body.detail === 'string' ? body.detail : '',
      ...(typeof body.code === 'string' ? { code: body.code } : {}),
      ...(typeof body.requestId === 'string' ? { requestId: body.requestId } : {}),
      ...(typeof body.type === 'string' ? { type: body.type } : {}),
      ...(fields.length > 0 ? { fields } : {}),
    };
  } catch {
    return { status, detail: '' };
  }
};

/** Where this very server listens, as a loopback URL (a wildcard bind address is reached on loopback). */
const ownAddress = (address: AddressInfo): string => {
  if (address.family === 'IPv6' || address.address.includes(':')) {
    return `http://[${address.address === '::' ? '::1' : address.address}]:${address.port}`;
  }
  return `http://${address.address === '0.0.0.0' ? '127.0.0.1' : address.address}:${address.port}`;
};

/**
 * The pages call the service's own HTTP contract, on this server's own loopback address, with the user's token.
 * (Fastify's in-process `inject` would save the socket, but its cookie dependency cannot load under the tests'
 * module loader.) So a page gets exactly the API's rules: authentication, roles, partner and tenant
 * scopes, DTO validation, idempotency, read-your-writes, and its problem+json answers, which the page turns into
 * words. The pages depend on the contract (api.md), not on any feature's internals.
 */
@Injectable()
export class LedgerApiClient {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async call<Body = Record<string, unknown>>(method: 'GET' | 'POST' | 'DELETE', path: string, call: ApiCall = {}): Promise<ApiAnswer<Body>> {
    const server = this.adapterHost.httpAdapter.getHttpServer() as { address(): AddressInfo | string | null };
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the pages need the service to listen on a TCP port');
    const headers: Record<string, string> = { accept: 'application/json' };
    if (call.token !== undefined) headers.authorization = `Bearer ${call.token}`;
    if (call.idempotencyKey !== undefined) headers['idempotency-key'] = call.idempotencyKey;
    if (call.position !== undefined) headers['ledger-position'] = call.position;
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${ownAddress(address)}${path}`, {
      method,
      headers,
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
    });
    const text = await response.text();
    if (response.status >= 400) {
      const problem = problemOf(response.status, text);
      // A position the ledger has not reached (the page's `at=`, taken from its URL): the page shows what there is.
      if (call.position !== undefined && problem.type?.endsWith(':read-model-behind') === true) {
        const { position: _unreached, ...rest } = call;
        return this.call(method, path, rest);
      }
      return { ok: false, status: response.status, problem };
    }
    const position = response.headers.get('ledger-position');
    return {
      ok: true,
      status: response.status,
      body: (text === '' ? {} : JSON.parse(text)) as Body,
      ...(position === null ? {} : { position }),
    };
  }

  /**
   * A form's write, once per form: its key (the form's hidden field) is the call's `Idempotency-Key`, so the same
   * form sent twice is one request. When the second sending finds the first still running
   * (409 IDEMPOTENT_REQUEST_IN_FLIGHT), it waits for that answer rather than show a refusal for a change being made.
   */
  async writeOnce<Body = Record<string, unknown>>(method: 'POST' | 'DELETE', path: string, formKey: string, call: Omit<ApiCall, 'idempotencyKey'> = {}): Promise<ApiAnswer<Body>> {
    for (let wait = 1; ; wait += 1) {
      const answer = await this.call<Body>(method, path, { ...call, idempotencyKey: `page-form:${formKey}` });
      if (answer.ok || answer.problem.code !== 'IDEMPOTENT_REQUEST_IN_FLIGHT' || wait > IN_FLIGHT_WAITS) return answer;
      await setTimeout(IN_FLIGHT_WAIT_MS);
    }
  }
}

/** A path segment from user input, encoded so it can only ever be one segment. */
export const segment = (value: string): string => encodeURIComponent(value);
