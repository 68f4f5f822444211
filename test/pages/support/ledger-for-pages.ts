import type { RecordedEvent } from '@ledger/event-store';
import type { Environment } from '../../../apps/ledger-api/src/config/load-ledger-config.js';
import { mintLocalToken, type LocalTokenClaims } from '../../../apps/ledger-api/src/identity/index.js';
import { PUBLIC_BASE_URL } from '../../support/ledger-environment.js';
import { LedgerInProcess } from '../../support/ledger-in-process.js';

export { PUBLIC_BASE_URL };

export interface JsonAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** The service (pages included) on an embedded store in a fresh data dir, local sign-in, and API calls for set-up. */
export class LedgerForPages extends LedgerInProcess {
  static async start(environment: Environment = {}): Promise<LedgerForPages> {
    return new LedgerForPages(...(await LedgerInProcess.launch('ledger-pages-', environment)));
  }

  get url(): string {
    return this.api.url;
  }

  token(claims: LocalTokenClaims): Promise<string> {
    return mintLocalToken(this.dataDir, claims);
  }

  async call(method: string, path: string, token: string, body?: unknown): Promise<JsonAnswer> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }

  async eventsOfType(type: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of this.eventStore.readAll()) if (event.type === type) events.push(event);
    return events;
  }

  /** A consent link as the write side builds it, opened on this service instead of PUBLIC_BASE_URL. */
  local(consentLink: unknown): string {
    const link = String(consentLink);
    if (!link.startsWith(`${PUBLIC_BASE_URL}/`)) throw new Error(`not a consent link of this service: ${link}`);
    return `${this.url}${link.slice(PUBLIC_BASE_URL.length)}`;
  }
}
