import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';
import { LedgerForPages } from './support/ledger-for-pages.js';

const ISSUER = 'https://login.example.com/outage-tenant/v2.0';
const AUDIENCE = 'api://consent-ledger';

/**
 * The identity provider's keys cannot be fetched (its JWKS endpoint fails): a signed-in user's pages say the service
 * is unavailable for now and keep the session, rather than ending it as if the token had expired.
 */
describe('pages: the identity provider is unavailable', () => {
  let keys: Server;
  let ledger: LedgerForPages;
  let session: string;

  beforeAll(async () => {
    keys = createServer((_request, response) => response.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance'));
    await new Promise<void>((resolve) => keys.listen(0, '127.0.0.1', resolve));
    ledger = await LedgerForPages.start({
      AUTH_ISSUER: ISSUER,
      AUTH_JWKS_URL: `http://127.0.0.1:${(keys.address() as AddressInfo).port}/discovery/v2.0/keys`,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_CLIENT_ID: 'ledger-pages-client',
    });
    const { privateKey } = await generateKeyPair('RS256');
    session = await new SignJWT({ tid: '0b1c2d3e-0000-4000-8000-000000000001', wids: ['62e90394-69f5-4237-9190-012177145e10'], upn: 'admin@contoso.onmicrosoft.com' })
      .setProtectedHeader({ alg: 'RS256', kid: 'provider-key-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('user-1')
      .setExpirationTime('1h')
      .sign(privateKey);
  });

  afterAll(async () => {
    await ledger?.stop();
    keys?.closeAllConnections();
    await new Promise((resolve) => keys?.close(resolve));
  });

  it('answers 503 with Retry-After and keeps the session cookie', async () => {
    for (const path of ['/admin', '/']) {
      const page = await fetch(`${ledger.url}${path}`, { headers: { cookie: `ledger_session=${session}`, accept: 'text/html' }, redirect: 'manual' });
      expect({ path, status: page.status }).toEqual({ path, status: 503 });
      expect(page.headers.get('retry-after')).not.toBeNull();
      expect(page.headers.getSetCookie().filter((cookie) => cookie.startsWith('ledger_session='))).toEqual([]);
      expect(await page.text()).toContain('Try again in a minute');
    }
  });
});
