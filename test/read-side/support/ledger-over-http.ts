import { GLOBAL_ADMINISTRATOR_ROLE_ID, mintLocalToken } from '../../../apps/ledger-api/src/identity/index.js';
import { PUBLIC_BASE_URL } from '../../support/ledger-environment.js';
import { LedgerInProcess } from '../../support/ledger-in-process.js';

export { PUBLIC_BASE_URL };

export interface Reply {
  readonly status: number;
  /** The `Ledger-Position` header: of the write, or the position a read reflects. */
  readonly position: string | null;
  readonly body: any;
}

/** The service on an embedded store, called over HTTP as a partner, a customer's admin or support would. */
export class LedgerOverHttp extends LedgerInProcess {
  static async start(): Promise<LedgerOverHttp> {
    return new LedgerOverHttp(...(await LedgerInProcess.launch('ledger-read-side-flows-')));
  }

  support(): Promise<string> {
    return mintLocalToken(this.dataDir, { sub: 'support-1', tid: 'operator-tenant', roles: ['support'] });
  }

  partner(partnerId: string): Promise<string> {
    return mintLocalToken(this.dataDir, { sub: `app-${partnerId}`, tid: `tenant-of-${partnerId}`, roles: ['partner'], partnerId });
  }

  globalAdmin(tenantId: string): Promise<string> {
    return mintLocalToken(this.dataDir, {
      sub: `ga-${tenantId}`,
      tid: tenantId,
      wids: [GLOBAL_ADMINISTRATOR_ROLE_ID],
      upn: `admin@${tenantId}.onmicrosoft.com`,
    });
  }

  /** A write (or any call); `body` is sent as JSON. */
  async call(method: string, path: string, token: string, body?: unknown): Promise<Reply> {
    return this.send(method, path, token, body, {});
  }

  /** A read that waits for the read model to include `position` (a write's `Ledger-Position`). */
  async read(path: string, token: string, position: string | null): Promise<Reply> {
    return this.send('GET', path, token, undefined, position === null ? {} : { 'ledger-position': position });
  }

  /** "Validate device submission data" for one customer and channel, once the read model includes `position`. */
  async validate(token: string, customerTenantId: string, channel: string, position: string | null): Promise<Reply> {
    return this.send('POST', '/v1/device-submissions/validate', token, { customerTenantId, channel }, position === null ? {} : { 'ledger-position': position });
  }

  /** The path of a consent link, to call on this service. */
  static linkPath(consentLink: unknown): string {
    return String(consentLink).slice(PUBLIC_BASE_URL.length);
  }

  private async send(method: string, path: string, token: string, body: unknown, headers: Record<string, string>): Promise<Reply> {
    const response = await fetch(`${this.api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, position: response.headers.get('ledger-position'), body: text === '' ? {} : JSON.parse(text) };
  }
}
