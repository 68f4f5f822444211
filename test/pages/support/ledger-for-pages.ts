import type { RecordedEvent } from '@ledger/event-store';
import type { Environment } from '../../../apps/ledger-api/src/config/load-ledger-config.js';
import { mintLocalToken, type LocalTokenClaims } from '../../../apps/ledger-api/src/identity/index.js';
import { PUBLIC_BASE_URL } from '../../support/ledger-environment.js';
import { LedgerInProcess } from '../../support/ledger-in-process.js';
import { CookieBrowser, hiddenField } from './cookie-browser.js';

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

  /** A browser that asked for `language` once (`?lang=`, remembered in a cookie), then signed in with the local form. */
  async signedIn(form: Record<string, string>, language: 'en' | 'fr'): Promise<CookieBrowser> {
    const browser = new CookieBrowser(PUBLIC_BASE_URL, this.url);
    const page = await browser.follow(`${this.url}/sign-in?lang=${language}`);
    const answer = await browser.open(`${this.url}/sign-in`, { form: { csrf: hiddenField(page.body, 'csrf'), returnTo: '/', ...form } });
    if (answer.status !== 303) throw new Error(`signing in answered ${answer.status}, not 303`);
    return browser;
  }

  /** A consent link as the write side builds it, opened on this service instead of PUBLIC_BASE_URL. */
  local(consentLink: unknown): string {
    const link = String(consentLink);
    if (!link.startsWith(`${PUBLIC_BASE_URL}/`)) throw new Error(`not a consent link of this service: ${link}`);
    return `${this.url}${link.slice(PUBLIC_BASE_URL.length)}`;
  }
}
