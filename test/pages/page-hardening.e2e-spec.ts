import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { ConsentLinkViews } from '../../apps/ledger-api/src/consent-links/consent-link-views.js';
import { TokenVerifier } from '../../apps/ledger-api/src/identity/index.js';
import { CookieBrowser, hiddenField, noticesOf } from './support/cookie-browser.js';
import { LedgerForPages, PUBLIC_BASE_URL } from './support/ledger-for-pages.js';

/** Found by an adversarial review of the pages: double submits, cookies, crafted URLs. */
describe('pages: double submits, cookies and crafted URLs', () => {
  let ledger: LedgerForPages;
  let support: string;

  beforeAll(async () => {
    ledger = await LedgerForPages.start();
    support = await ledger.token({ sub: 's', tid: 'operator', roles: ['support'] });
    expect((await ledger.call('POST', '/v1/partners', support, { partnerId: 'csp1', name: 'Contoso Partners', kind: 'CSP_DIRECT' })).status).toBe(201);
  });

  afterAll(async () => {
    await ledger?.stop();
  });

  const browser = () => new CookieBrowser(PUBLIC_BASE_URL, ledger.url);
  const signIn = async (b: CookieBrowser, form: Record<string, string>, returnTo = '') => {
    const page = await b.follow(`${ledger.url}/sign-in${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`);
    return b.open(`${ledger.url}/sign-in`, { form: { csrf: hiddenField(page.body, 'csrf'), returnTo: hiddenField(page.body, 'returnTo'), ...form } });
  };
  const globalAdmin = (tenant: string) => ({ tenantId: tenant, signInName: `admin@${tenant}.example`, globalAdmin: 'yes', role: 'customer' });
  const operator = { tenantId: 'operator', signInName: 'ops@operator.example', role: 'support' };

  it('a double click on Accept shows the consent recorded, never "nothing was recorded"', async () => {
    const tenant = randomUUID();
    const partner = await ledger.token({ sub: 'app-csp1', tid: 't', roles: ['partner'], partnerId: 'csp1' });
    const link = ledger.local((await ledger.call('POST', '/v1/consent-requests', partner, { customerTenantId: tenant })).body.consentLink);
    const b = browser();
    await signIn(b, globalAdmin(tenant));
    const page = await b.follow(link);
    const action = /action="([^"]*accept)"/.exec(page.body)![1]!;
    const form = { csrf: hiddenField(page.body, 'csrf'), idempotencyKey: hiddenField(page.body, 'idempotencyKey'), yes: 'yes' };
    const answers = await Promise.all([b.open(`${ledger.url}${action}`, { form }), b.open(`${ledger.url}${action}`, { form })]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    for (const answer of answers) expect(noticesOf(answer.body).join(' ')).not.toMatch(/Nothing was recorded/);
    const consents = (await ledger.eventsOfType('ConsentAccepted')).filter((event) => event.data.customerTenantId === tenant);
    expect(consents).toHaveLength(1);
  });

  const acceptForm = async (tenant: string, signInAs: Record<string, string>) => {
    const partner = await ledger.token({ sub: 'app-csp1', tid: 't', roles: ['partner'], partnerId: 'csp1' });
    const link = ledger.local((await ledger.call('POST', '/v1/consent-requests', partner, { customerTenantId: tenant })).body.consentLink);
    const b = browser();
    await signIn(b, signInAs);
    const page = await b.follow(link);
    const action = /action="([^"]*accept)"/.exec(page.body)![1]!;
    return { b, action, form: { csrf: hiddenField(page.body, 'csrf'), idempotencyKey: hiddenField(page.body, 'idempotencyKey'), yes: 'yes' } };
  };

  it('the language switch of a page answering a form leads to the page the form is on, not to the form’s address', async () => {
    const tenant = randomUUID();
    const { b, action, form } = await acceptForm(tenant, { tenantId: tenant, signInName: `user@${tenant}.example`, role: 'customer' });
    const refused = await b.open(`${ledger.url}${action}`, { form });
    expect(refused.status).toBe(403);
    const french = /<a href="([^"]*)" lang="fr"/.exec(refused.body)![1]!.replace(/&amp;/g, '&');
    expect(french).not.toContain('/accept');
    const page = await b.open(`${ledger.url}${french}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('lang="fr"');
  });

  it('a form posted after its session ended asks to sign in again (it is genuine), not a forgery refusal', async () => {
    const tenant = randomUUID();
    const { b, action, form } = await acceptForm(tenant, globalAdmin(tenant));
    // The session's token expires while the form is open: the same cookie no longer verifies.
    const expired = jest.spyOn(ledger.api.app.get(TokenVerifier), 'verify').mockRejectedValue(new Error('"exp" claim timestamp check failed'));
    const posted = await b.open(`${ledger.url}${action}`, { form });
    // A form whose token was not made by this browser is still refused.
    const forged = await b.open(`${ledger.url}${action}`, { form: { ...form, csrf: 'made-up' } });
    expired.mockRestore();
    expect(posted.status).toBe(303);
    expect(posted.location).toMatch(/\/sign-in\?/);
    expect(forged.status).toBe(403);
    expect((await ledger.eventsOfType('ConsentAccepted')).filter((event) => event.data.customerTenantId === tenant)).toHaveLength(0);
  });

  it('cookies are Secure when the service is reached over https (PUBLIC_BASE_URL), TLS ending at a proxy', async () => {
    const answer = await fetch(`${ledger.url}/sign-in`, { headers: { accept: 'text/html' } });
    expect(answer.headers.getSetCookie().join('\n')).toMatch(/ledger_csrf=[^;]+;.*Secure/);
  });

  it('a returnTo a Location header cannot carry (non-ASCII) never makes signing in a 500', async () => {
    const signedIn = await signIn(browser(), globalAdmin(randomUUID()), '/admin?q=✓');
    expect(signedIn.status).toBe(303);
    expect(signedIn.setCookies.join('\n')).toMatch(/ledger_session=[^;]+/);
  });

  it('the support console names an enrolled partner only when the ledger knows it (the URL is anyone’s to write)', async () => {
    const b = browser();
    await signIn(b, operator);
    const spoof = await b.open(`${ledger.url}/support?done=enrolled&partner=${encodeURIComponent('ACME. Urgent: issue a link for evil-oem')}`);
    expect(spoof.status).toBe(200);
    expect(noticesOf(spoof.body)).toEqual([]);
    const real = await b.open(`${ledger.url}/support?done=enrolled&partner=csp1`);
    expect(noticesOf(real.body).join(' ')).toContain('csp1');
  });

  it('an at= the ledger has not reached shows the page as it is, not "the ledger is unavailable"', async () => {
    const b = browser();
    await signIn(b, operator);
    const future = await b.open(`${ledger.url}/support?at=99999999999999999999`);
    expect(future.status).toBe(200);
  }, 20_000);

  it("an unexpected error on a consent link's page or route is logged without the link's token", async () => {
    const tenant = randomUUID();
    const partner = await ledger.token({ sub: 'app-csp1', tid: 't', roles: ['partner'], partnerId: 'csp1' });
    const link = ledger.local((await ledger.call('POST', '/v1/consent-requests', partner, { customerTenantId: tenant })).body.consentLink);
    const token = link.split('/').pop()!;
    const b = browser();
    await signIn(b, globalAdmin(tenant));
    const logged: string[] = [];
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation((...args: unknown[]) => void logged.push(JSON.stringify(args)));
    const broken = jest.spyOn(ledger.api.app.get(ConsentLinkViews), 'viewOf').mockRejectedValue(new Error('a bug'));
    try {
      const page = await b.follow(link);
      const admin = await ledger.token({ sub: 'ga', tid: tenant, wids: ['62e90394-69f5-4237-9190-012177145e10'] });
      const json = await fetch(`${ledger.url}${new URL(link).pathname}`, { headers: { authorization: `Bearer ${admin}` } });
      expect([page.status, json.status]).toEqual([500, 500]);
    } finally {
      broken.mockRestore();
      errors.mockRestore();
    }
    expect(logged.filter((line) => line.includes('Unexpected error'))).toHaveLength(2);
    expect(logged.join('\n')).not.toContain(token);
    expect(logged.join('\n')).toContain('/v1/consent-links/:token');
  });

  it('a browser opening an address no route serves gets the "no page here" page; an API client still gets a problem', async () => {
    const page = await browser().open(`${ledger.url}/admin/nope?x=1`);
    expect(page.status).toBe(404);
    expect(page.body).toContain('There is no page at this address.');
    expect(page.body).toMatch(/<html lang="en"/);
    const api = await fetch(`${ledger.url}/admin/nope`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const posted = await fetch(`${ledger.url}/admin/nope`, { method: 'POST', headers: { accept: 'text/html' } });
    expect(posted.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
