import type { RecordedEvent } from '@ledger/event-store';
import type { Environment } from '../../../apps/ledger-api/src/config/load-ledger-config.js';
import { GLOBAL_ADMINISTRATOR_ROLE_ID, mintLocalToken, type LocalTokenClaims } from '../../../apps/ledger-api/src/identity/index.js';
import { PUBLIC_BASE_URL } from '../../support/ledger-environment.js';
import { LedgerInProcess } from '../../support/ledger-in-process.js';

export { PUBLIC_BASE_URL };

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as is (for malformed JSON); wins over `body`. */
  readonly rawBody?: string;
  readonly idempotencyKey?: string;
  readonly headers?: Record<string, string>;
}

/** The service on an embedded store in a fresh data dir, with the calls and tokens the command tests need. */
export class LedgerUnderTest extends LedgerInProcess {
  static async start(environment: Environment = {}): Promise<LedgerUnderTest> {
    return new LedgerUnderTest(...(await LedgerInProcess.launch('ledger-commands-', environment)));
  }

  token(claims: LocalTokenClaims, ttl?: string, options?: Parameters<typeof mintLocalToken>[3]): Promise<string> {
    return mintLocalToken(this.dataDir, claims, ttl, options);
  }

  support(): Promise<string> {
    return this.token({ sub: 'support-1', tid: 'operator-tenant', roles: ['support'] });
  }

  /** Support enrols each partner (each answer a 201). */
  async enrol(...partners: Record<string, unknown>[]): Promise<void> {
    const support = await this.support();
    for (const body of partners) expect((await this.call('POST', '/v1/partners', { token: support, body })).status).toBe(201);
  }

  partner(partnerId: string): Promise<string> {
    return this.token({ sub: `app-${partnerId}`, tid: `tenant-of-${partnerId}`, roles: ['partner'], partnerId });
  }

  /** A customer's Global Administrator, cloud-native unless told otherwise. */
  globalAdmin(tenantId: string, options: { sub?: string; upn?: string } = {}): Promise<string> {
    return this.token({
      sub: options.sub ?? `ga-${tenantId}`,
      tid: tenantId,
      wids: [GLOBAL_ADMINISTRATOR_ROLE_ID],
      upn: options.upn ?? `admin@${tenantId}.onmicrosoft.com`,
    });
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    let body: string | undefined = options.rawBody;
    if (body === undefined && options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${this.api.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }

  /** Every event of `$all` (ours and the idempotency streams), read through the port. */
  async allEvents(): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of this.eventStore.readAll()) events.push(event);
    return events;
  }

  async eventsOfType(type: string): Promise<RecordedEvent[]> {
    return (await this.allEvents()).filter((event) => event.type === type);
  }
}

/** The path of a consent link (`PUBLIC_BASE_URL/v1/consent-links/<token>`), to call on this service. */
export const linkPath = (consentLink: unknown): string => {
  const link = String(consentLink);
  expect(link.startsWith(`${PUBLIC_BASE_URL}/v1/consent-links/`)).toBe(true);
  return link.slice(PUBLIC_BASE_URL.length);
};

/** Asserts an RFC 9457 problem with this status (and refusal code, when given). */
export const expectProblem = (answer: Answer, status: number, code?: string): void => {
  expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code: code ?? answer.body.code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
};
