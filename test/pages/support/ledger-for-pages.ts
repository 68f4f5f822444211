import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, type RecordedEvent } from '@ledger/event-store';
import { createLedgerApi, type LedgerApi } from '../../../apps/ledger-api/src/create-ledger-api.js';
import type { Environment } from '../../../apps/ledger-api/src/config/load-ledger-config.js';
import { mintLocalToken, type LocalTokenClaims } from '../../../apps/ledger-api/src/identity/index.js';
import { ledgerEnvironment, PUBLIC_BASE_URL } from '../../support/ledger-environment.js';

export { PUBLIC_BASE_URL };

export interface JsonAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** The service (pages included) on an embedded store in a fresh data dir, local sign-in, and API calls for set-up. */
export class LedgerForPages {
  private constructor(
    readonly api: LedgerApi,
    readonly dataDir: string,
  ) {}

  static async start(environment: Environment = {}): Promise<LedgerForPages> {
    const dataDir = await mkdtemp(join(tmpdir(), 'ledger-pages-'));
    const api = await createLedgerApi({ environment: ledgerEnvironment(dataDir, environment) });
    return new LedgerForPages(api, dataDir);
  }

  get url(): string {
    return this.api.url;
  }

  async stop(): Promise<void> {
    await this.api?.close();
    await rm(this.dataDir, { recursive: true, force: true });
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
    for await (const event of this.api.app.get(EventStore).readAll()) if (event.type === type) events.push(event);
    return events;
  }

  /** A consent link as the write side builds it, opened on this service instead of PUBLIC_BASE_URL. */
  local(consentLink: unknown): string {
    const link = String(consentLink);
    if (!link.startsWith(`${PUBLIC_BASE_URL}/`)) throw new Error(`not a consent link of this service: ${link}`);
    return `${this.url}${link.slice(PUBLIC_BASE_URL.length)}`;
  }
}
