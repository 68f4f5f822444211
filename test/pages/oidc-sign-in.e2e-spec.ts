import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchChromium, screenshotBoth, seriousViolations } from './support/browser.js';
import { CookieBrowser, hiddenField, noticesOf } from './support/cookie-browser.js';
import { FakeOidcProvider, type FakeUser } from './support/fake-oidc-provider.js';
import { LedgerForPages } from './support/ledger-for-pages.js';
import { notices } from './support/page-actions.js';

const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
const CLIENT_ID = 'ledger-pages-client';
const API_AUDIENCE = 'api://consent-ledger';

/** A free loopback port, so that PUBLIC_BASE_URL (where the provider sends people back) is the service itself. */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/**
 * The pages' OpenID Connect sign-in (authorization code + PKCE, openid-client) against a fake Entra-shaped provider
 * on loopback: the service trusts only that provider (AUTH_*), the browser is a cookie-keeping fetch.
 */
describe('pages: OpenID Connect sign-in', () => {
  let provider: FakeOidcProvider;
  let ledger: LedgerForPages;
  const tenant = randomUUID();
  const ga: FakeUser = { tid: tenant, upn: `admin@${tenant}.example`, wids: [GLOBAL_ADMINISTRATOR] };
  const csp = 'oidc-csp';
  let cspToken: string;
  let publicBaseUrl: string;
  let callbackUrl: string;
  let chromium: Browser | undefined;

  beforeAll(async () => {
    const port = await freePort();
    publicBaseUrl = `http://127.0.0.1:${port}`;
    callbackUrl = `${publicBaseUrl}/sign-in/callback`;
    provider = await FakeOidcProvider.start({ clientId: CLIENT_ID, redirectUri: callbackUrl, apiAudience: API_AUDIENCE });
    ledger = await LedgerForPages.start({
      PORT: String(port),
      PUBLIC_BASE_URL: publicBaseUrl,
      AUTH_ISSUER: provider.issuer,
      AUTH_JWKS_URL: provider.jwksUrl,
      AUTH_AUDIENCE: API_AUDIENCE,
      AUTH_CLIENT_ID: CLIENT_ID,
      AUTH_SCOPE: `openid profile ${API_AUDIENCE}/access_as_user`,
    });
    const support = await provider.accessTokenFor({ tid: 'operator', upn: 'ops@operator.example', roles: ['support'] });
    expect((await ledger.call('POST', '/v1/partners', support, { partnerId: csp, name: 'Contoso Partners', kind: 'CSP_DIRECT' })).status).toBe(201);
    cspToken = await provider.accessTokenFor({ tid: 'tenant-of-csp', upn: 'app@csp.example', roles: ['partner'], partnerId: csp });
  });

  afterAll(async () => {
    await chromium?.close();
    await ledger?.stop();
    await provider?.close();
  });

  const browser = (): CookieBrowser => new CookieBrowser(publicBaseUrl, ledger.url);

  /** Goes to the provider from the sign-in page and stops at the provider's redirect back (the callback URL). */
  const toProviderAndBack = async (person: CookieBrowser, returnTo: string): Promise<{ authorize: URL; callback: URL }> => {
    const leaving = await person.open(`${ledger.url}/sign-in/oidc?returnTo=${encodeURIComponent(returnTo)}`);
    expect(leaving.status).toBe(303);
    const authorize = new URL(leaving.location ?? '');
    const back = await person.open(authorize.href);
    expect(back.status).toBe(302);
    return { authorize, callback: new URL(back.location ?? '') };
  };

  it('the sign-in page offers the provider and no local identity picker', async () => {
    const page = await browser().follow(`${ledger.url}/sign-in`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('href="/sign-in/oidc?returnTo=');
    expect(page.body).not.toContain('name="tenantId"');
  });

  it('signs in through the provider with PKCE, state and nonce, and lands on /admin as that tenant', async () => {
    provider.nextUser = ga;
    const person = browser();
    const { authorize, callback } = await toProviderAndBack(person, '/admin');
    expect(authorize.origin + authorize.pathname).toBe(`${provider.issuer}/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: callbackUrl,
      code_challenge_method: 'S256',
      scope: `openid profile ${API_AUDIENCE}/access_as_user`,
    });
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{16,}$/);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{16,}$/);
    expect(callback.href.startsWith(`${callbackUrl}?`)).toBe(true);

    const landed = await person.open(callback.href);
    expect(landed.status).toBe(303);
    expect(landed.location).toBe(`${ledger.url}/admin`);
    const session = landed.setCookies.find((line) => line.startsWith('ledger_session='));
    expect(session).toMatch(/; HttpOnly; SameSite=Lax/);
    expect(landed.setCookies.find((line) => line.startsWith('ledger_oidc='))).toMatch(/Max-Age=0/);

    const admin = await person.follow(landed.location ?? '');
    expect(admin.status).toBe(200);
    expect(admin.body).toContain(tenant);
  });

  it('a Global Administrator of the tenant accepts a CSP consent link through the pages', async () => {
    const asked = await ledger.call('POST', '/v1/consent-requests', cspToken, { customerTenantId: tenant, delegatedAdminRequested: true, adminRoles: ['Helpdesk Administrator'] });
    expect(asked.status).toBe(201);
    const link = String(asked.body.consentLink);
    provider.nextUser = ga;
    const person = browser();
    const signedOut = await person.follow(link);
    expect(signedOut.body).toContain(`href="/sign-in?returnTo=${encodeURIComponent(new URL(link).pathname)}"`);
    const { callback } = await toProviderAndBack(person, new URL(link).pathname);
    const consent = await person.follow(callback.href);
    expect(consent.url).toBe(link);
    expect(consent.body).toContain('Helpdesk Administrator');

    const token = new URL(link).pathname.split('/').pop() ?? '';
    const result = await person.follow(`${ledger.url}/consent-links/${token}/accept`, {
      form: { csrf: hiddenField(consent.body, 'csrf'), idempotencyKey: hiddenField(consent.body, 'idempotencyKey'), yes: 'yes' },
    });
    expect(result.status).toBe(200);
    expect(noticesOf(result.body)).toEqual([`Contoso Partners may now register devices for tenant ${tenant}.`]);
    const customers = await ledger.call('GET', `/v1/partners/${csp}/customers`, cspToken);
    expect(customers.body.items).toEqual([expect.objectContaining({ customerTenantId: tenant, delegatedAdmin: true })]);
  });

  it('in Chromium: "Sign in with your organisation account" goes to the provider and back to /admin', async () => {
    chromium = await launchChromium();
    const context = await chromium.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    provider.nextUser = ga;
    await page.goto(`${ledger.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await screenshotBoth(page, 'sign-in-oidc');
    expect(await seriousViolations(page, 'sign-in-oidc')).toEqual([]);
    await Promise.all([page.waitForURL(`${ledger.url}/admin`), page.getByRole('link', { name: 'Sign in with your organisation account' }).click()]);
    await expect(page.getByRole('main').innerText()).resolves.toEqual(expect.stringContaining(tenant));

    // Coming back with a state this browser never sent: the sign-in page, with the refusal in words.
    const fresh = await chromium.newContext({ locale: 'en-GB' });
    const stranger = await fresh.newPage();
    const answer = await stranger.goto(`${callbackUrl}?code=stolen&state=forged`);
    expect(answer?.status()).toBe(400);
    expect(await notices(stranger)).toEqual(['The identity provider did not sign you in. Try again.']);
    await screenshotBoth(stranger, 'sign-in-oidc-refused');
    expect(await seriousViolations(stranger, 'sign-in-oidc-refused')).toEqual([]);
    await fresh.close();
    await context.close();
  });

  describe('refusals: a clear page, no session, nothing recorded', () => {
    let link: string;
    let requestId: string;

    beforeAll(async () => {
      const other = randomUUID();
      const asked = await ledger.call('POST', '/v1/consent-requests', cspToken, { customerTenantId: other });
      link = String(asked.body.consentLink);
      requestId = String(asked.body.requestId);
      provider.nextUser = { tid: other, upn: `admin@${other}.example`, wids: [GLOBAL_ADMINISTRATOR] };
    });

    const expectRefused = async (person: CookieBrowser, callback: string, returnTo = new URL(link).pathname, tokensIssued = 0): Promise<void> => {
      const tokensBefore = provider.log.tokensIssued;
      const refused = await person.open(callback);
      expect(refused.status).toBe(400);
      expect(noticesOf(refused.body)).toEqual(['The identity provider did not sign you in. Try again.']);
      expect(refused.body).not.toMatch(/at \w+ \(|Error:/);
      expect(refused.setCookies.some((line) => line.startsWith('ledger_session=') && !/Max-Age=0/.test(line))).toBe(false);
      expect(person.cookies.has('ledger_session')).toBe(false);
      expect(provider.log.tokensIssued).toBe(tokensBefore + tokensIssued);
      const status = await ledger.call('GET', `/v1/consent-requests/${requestId}`, cspToken);
      expect(status.body.status).toBe('pending');
      // The way back is offered: the provider link, coming back to where the person was going.
      expect(refused.body).toContain(`href="/sign-in/oidc?returnTo=${encodeURIComponent(returnTo)}"`);
    };

    it('a forged state is refused before any code is exchanged', async () => {
      const person = browser();
      const { callback } = await toProviderAndBack(person, new URL(link).pathname);
      callback.searchParams.set('state', 'forged-state-of-another-browser');
      await expectRefused(person, callback.href);
      expect(provider.log.refusals).toEqual([]);
    });

    it('a callback without the browser’s transaction cookie is refused', async () => {
      const person = browser();
      const { callback } = await toProviderAndBack(person, new URL(link).pathname);
      const stranger = browser();
      await expectRefused(stranger, callback.href, '');
    });

    it('a wrong PKCE code_verifier is refused by the provider, and the page says so', async () => {
      const person = browser();
      const { callback } = await toProviderAndBack(person, new URL(link).pathname);
      const transaction = JSON.parse(Buffer.from(person.cookies.get('ledger_oidc') ?? '', 'base64url').toString('utf8')) as Record<string, string>;
      person.cookies.set('ledger_oidc', Buffer.from(JSON.stringify({ ...transaction, codeVerifier: 'x'.repeat(43) })).toString('base64url'));
      await expectRefused(person, callback.href);
      expect(provider.log.refusals).toEqual(['invalid_grant: code_verifier does not match']);
    });
  
    it('an access token for another audience (AUTH_SCOPE not asking for this API) does not become a session', async () => {
      const person = browser();
      const { callback } = await toProviderAndBack(person, new URL(link).pathname);
      provider.nextAccessTokenAudience = 'api://another-api';
      await expectRefused(person, callback.href, new URL(link).pathname, 1);
    });
  });
});
