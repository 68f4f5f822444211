import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshotBoth, seriousViolations, type AxeFinding } from './support/browser.js';
import { LedgerForPages } from './support/ledger-for-pages.js';
import { notices, signInLocally, type LocalIdentity } from './support/page-actions.js';

/**
 * The pages in a real browser (Debian's headless Chromium through playwright-core), one app and one browser for
 * the whole story: enrolment, a CSP consent with DAP, a refused non-GA, an OEM link (refused, then accepted),
 * DAP removed, an OEM revocation asked and completed, and the auditor's view of all of it. Every page visited is
 * screenshot (desktop and phone) and checked with axe-core.
 */
describe('pages in a browser', () => {
  let ledger: LedgerForPages;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const findings: AxeFinding[] = [];

  const csp = 'contoso-csp';
  const oem = 'oem-devices';
  const tenantA = randomUUID(); // accepts the CSP with DAP, then removes DAP
  const tenantB = randomUUID(); // its non-GA user is refused
  const tenantC = `contoso${randomUUID().slice(0, 8)}`; // accepts the OEM link, then has it revoked
  let cspToken: string;
  let oemToken: string;
  let cspLinkA: string;

  beforeAll(async () => {
    ledger = await LedgerForPages.start();
    browser = await launchChromium();
    cspToken = await ledger.token({ sub: 'app-csp', tid: 'tenant-of-csp', roles: ['partner'], partnerId: csp });
    oemToken = await ledger.token({ sub: 'app-oem', tid: 'tenant-of-oem', roles: ['partner'], partnerId: oem });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await ledger?.stop();
  });

  /** A fresh browser profile (its own cookies): one per person. */
  const person = async (locale = 'en-GB'): Promise<Page> => {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    return context.newPage();
  };

  /** Screenshot and axe-check the page as it is now. */
  const record = async (page: Page, name: string): Promise<void> => {
    await screenshotBoth(page, name);
    findings.push(...(await seriousViolations(page, name)));
  };

  const signIn = async (page: Page, identity: LocalIdentity, returnTo?: string): Promise<void> => {
    await page.goto(`${ledger.url}/sign-in${returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}`);
    await signInLocally(page, identity);
  };

  const cspRequest = async (body: Record<string, unknown>): Promise<{ requestId: string; link: string }> => {
    const asked = await ledger.call('POST', '/v1/consent-requests', cspToken, body);
    expect(asked.status).toBe(201);
    return { requestId: String(asked.body.requestId), link: ledger.local(asked.body.consentLink) };
  };

  it('support enrols a CSP and an OEM from the console', async () => {
    const page = await person();
    await signIn(page, { tenantId: 'operator', signInName: 'ops@operator.example', role: 'support' });
    expect(new URL(page.url()).pathname).toBe('/support');
    await record(page, 'support-console-empty');
    for (const [partnerId, name, kind] of [[csp, 'Contoso Partners', 'CSP_DIRECT'], [oem, 'Devices Inc', 'OEM']] as const) {
      await page.getByLabel('Partner id', { exact: true }).last().fill(partnerId);
      await page.getByLabel('Name shown to customers').fill(name);
      await page.getByLabel('Kind').selectOption(kind);
      if (kind === 'OEM') await page.getByLabel('Eligible for the OEM Direct API (OEM only)').check();
      await page.getByRole('button', { name: 'Enrol a partner' }).click();
      expect(await notices(page)).toEqual([`Partner ${partnerId} enrolled.`]);
    }
    const enrolled = await ledger.call('GET', `/v1/partners/${oem}`, await ledger.token({ sub: 's', tid: 'operator', roles: ['support'] }));
    expect(enrolled.body).toMatchObject({ partnerId: oem, kind: 'OEM', oemDirectApiEligible: true });
  });

  it('a Global Administrator accepts a CSP request with DAP, and the partner’s customer list shows it', async () => {
    const { link } = await cspRequest({ customerTenantId: tenantA, delegatedAdminRequested: true, adminRoles: ['Helpdesk Administrator'] });
    cspLinkA = link;
    const page = await person();
    await page.goto(link);
    await record(page, 'consent-signed-out');
    await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
    await record(page, 'sign-in-local');
    await expect(page.locator('.local-banner').innerText()).resolves.toMatch(/^LOCAL SIGN-IN/);
    await signInLocally(page, { tenantId: tenantA, signInName: `admin@${tenantA}.example`, globalAdmin: true });
    expect(page.url()).toBe(link);
    const main = page.getByRole('main');
    await expect(main.innerText()).resolves.toEqual(expect.stringContaining('Contoso Partners'));
    await expect(main.innerText()).resolves.toEqual(expect.stringContaining('Helpdesk Administrator'));
    await expect(main.innerText()).resolves.toMatch(/Valid until \d/);
    await record(page, 'consent-csp-dap');

    await page.getByRole('button', { name: 'Accept' }).click();
    expect(await notices(page)).toEqual(['Tick “Yes” to accept. Nothing was recorded.']);
    expect(await ledger.eventsOfType('ConsentAccepted')).toHaveLength(0);

    await page.getByLabel(/^Yes, I allow this partner/).check();
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect(page.locator('h1').innerText()).resolves.toBe('Consent recorded');
    expect(await notices(page)).toEqual([`Contoso Partners may now register devices for tenant ${tenantA}.`]);
    await record(page, 'consent-accepted');

    const customers = await ledger.call('GET', `/v1/partners/${csp}/customers`, cspToken);
    expect(customers.body.items).toEqual([expect.objectContaining({ customerTenantId: tenantA, delegatedAdmin: true })]);

    await page.goto(link);
    expect(await notices(page)).toEqual(['This consent link was already used: the request has been accepted. Nothing more to do.']);
    await expect(page.getByRole('button', { name: 'Accept' }).count()).resolves.toBe(0);
    await record(page, 'consent-used');
  });

  it('a user who is not a Global Administrator is refused in words, and nothing is recorded', async () => {
    const { requestId, link } = await cspRequest({ customerTenantId: tenantB });
    const page = await person();
    await signIn(page, { tenantId: tenantB, signInName: `user@${tenantB}.example` }, new URL(link).pathname);
    await page.getByLabel(/^Yes, I allow this partner/).check();
    const answer = page.waitForResponse((response) => response.url().endsWith('/accept'));
    await page.getByRole('button', { name: 'Accept' }).click();
    expect((await answer).status()).toBe(403);
    const [refusal] = await notices(page);
    expect(refusal).toMatch(/Global Administrator/);
    expect(refusal).toMatch(/Nothing was recorded\.$/);
    await record(page, 'consent-refused-not-ga');
    expect(await ledger.eventsOfType('ConsentAccepted')).toHaveLength(1);
    const status = await ledger.call('GET', `/v1/consent-requests/${requestId}`, cspToken);
    expect(status.body.status).toBe('pending');
  });

  it('an OEM link: support issues it, a non-cloud-native GA is refused, a cloud-native GA accepts', async () => {
    expect((await ledger.call('POST', `/v1/partners/${oem}/oem-consent-link-requests`, oemToken)).status).toBe(202);
    const support = await person();
    await signIn(support, { tenantId: 'operator', signInName: 'ops@operator.example', role: 'support' });
    await expect(support.getByRole('main').innerText()).resolves.toEqual(expect.stringContaining('Devices Inc'));
    await record(support, 'support-console-link-request');
    await support.getByRole('button', { name: 'Issue link for Devices Inc' }).click();
    const issued = await support.locator('.notice.success code').innerText();
    expect(issued).toMatch(/^https:\/\/ledger\.example\.test\/v1\/consent-links\//);
    await record(support, 'support-console-link-issued');
    const link = ledger.local(issued);

    const notCloudNative = await person();
    await signIn(notCloudNative, { tenantId: tenantC, signInName: `admin@${tenantC}.com`, globalAdmin: true }, new URL(link).pathname);
    await expect(notCloudNative.getByRole('main').innerText()).resolves.toEqual(expect.stringContaining('A device manufacturer never receives delegated admin rights.'));
    await record(notCloudNative, 'consent-oem');
    await notCloudNative.getByLabel(/^Yes, I allow this partner/).check();
    await notCloudNative.getByRole('button', { name: 'Accept' }).click();
    expect((await notices(notCloudNative))[0]).toMatch(/cloud-native|onmicrosoft\.com/);
    await record(notCloudNative, 'consent-oem-refused-not-cloud-native');
    expect((await ledger.eventsOfType('ConsentAccepted')).length).toBe(1);

    const cloudNative = await person();
    await signIn(cloudNative, { tenantId: tenantC, signInName: `admin@${tenantC}.onmicrosoft.com`, globalAdmin: true }, new URL(link).pathname);
    await cloudNative.getByLabel(/^Yes, I allow this partner/).check();
    await cloudNative.getByRole('button', { name: 'Accept' }).click();
    expect(await notices(cloudNative)).toEqual([`Devices Inc may now register devices for tenant ${tenantC}.`]);
    const validate = await ledger.call('POST', '/v1/device-submissions/validate', oemToken, { customerTenantId: tenantC, channel: 'OEM_DIRECT_API' });
    expect(validate.body.authorised).toBe(true);
  });

  it('the customer removes DAP from the admin page', async () => {
    const page = await person();
    await signIn(page, { tenantId: tenantA, signInName: `admin@${tenantA}.example`, globalAdmin: true });
    expect(new URL(page.url()).pathname).toBe('/admin');
    await record(page, 'customer-admin-with-dap');
    await page.getByRole('button', { name: 'Remove delegated admin rights of Contoso Partners' }).click();
    expect(await notices(page)).toEqual(['Delegated admin rights removed. The partner keeps its relationship and may still register devices.']);
    await expect(page.getByRole('row', { name: /Contoso Partners/ }).innerText()).resolves.not.toMatch(/Remove delegated/);
    await record(page, 'customer-admin-dap-removed');
    const customers = await ledger.call('GET', `/v1/partners/${csp}/customers`, cspToken);
    expect(customers.body.items).toEqual([expect.objectContaining({ customerTenantId: tenantA, delegatedAdmin: false })]);
  });

  it('the customer asks for an OEM revocation, support completes it, and the OEM’s validate now refuses', async () => {
    const customer = await person();
    await signIn(customer, { tenantId: tenantC, signInName: `admin@${tenantC}.onmicrosoft.com`, globalAdmin: true });
    await customer.getByLabel('Reason to revoke Devices Inc').fill('We changed supplier.');
    await customer.getByRole('button', { name: 'Ask support to revoke' }).click();
    expect(await notices(customer)).toEqual([expect.stringMatching(/^Revocation asked/)]);
    await expect(customer.getByRole('row', { name: /Devices Inc/ }).innerText()).resolves.toMatch(/Pending with support/);
    await record(customer, 'customer-admin-revocation-pending');

    const support = await person();
    await signIn(support, { tenantId: 'operator', signInName: 'ops@operator.example', role: 'support' });
    const row = support.getByRole('row', { name: /Devices Inc/ });
    await expect(row.innerText()).resolves.toEqual(expect.stringContaining('We changed supplier.'));
    await expect(row.innerText()).resolves.toMatch(/\d+ min/);
    await record(support, 'support-console-revocation-queue');
    await support.getByRole('button', { name: `Complete the revocation of Devices Inc for ${tenantC}` }).click();
    expect(await notices(support)).toEqual(['Revocation completed: the OEM may no longer register devices for this customer.']);
    await expect(support.getByRole('main').innerText()).resolves.toEqual(expect.stringContaining('No revocation request is waiting.'));

    const validate = await ledger.call('POST', '/v1/device-submissions/validate', oemToken, { customerTenantId: tenantC, channel: 'OEM_DIRECT_API' });
    expect(validate.body.authorised).toBe(false);

    await customer.reload();
    await expect(customer.getByRole('row', { name: /Devices Inc/ }).innerText()).resolves.toMatch(/Completed/);
  });

  it('the auditor sees all of it on the timelines, the authorisations as of a date, and a verified checkpoint', async () => {
    const page = await person();
    await signIn(page, { tenantId: 'operator', signInName: 'auditor@operator.example', role: 'auditor' });
    expect(new URL(page.url()).pathname).toBe('/audit');
    await page.getByLabel('Customer tenant id').fill(tenantC);
    await page.getByRole('button', { name: 'Show' }).first().click();
    const timelineC = await page.getByRole('main').innerText();
    for (const type of ['ConsentAccepted', 'OemRevocationRequested', 'OemRevocationCompleted']) expect(timelineC).toContain(type);
    await record(page, 'auditor-timeline-oem');

    await page.getByLabel('Customer tenant id').fill(tenantA);
    await page.getByRole('button', { name: 'Show' }).first().click();
    const timelineA = await page.getByRole('main').innerText();
    for (const type of ['ConsentRequested', 'ConsentAccepted', 'DapRemoved']) expect(timelineA).toContain(type);

    await page.getByLabel('Partner id').fill(oem);
    await page.getByLabel('As of (date and time, UTC)').fill(new Date(Date.now() + 60_000).toISOString().slice(0, 16));
    await page.getByRole('button', { name: 'Show' }).last().click();
    await expect(page.getByRole('main').innerText()).resolves.toEqual(expect.stringContaining(tenantC));

    // The notary signs a checkpoint within seconds of the first events: reload until it shows.
    for (let attempt = 0; attempt < 30 && (await page.getByText('The signature verifies').count()) === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await page.reload();
    }
    await expect(page.getByText('The signature verifies with the ledger’s public key.').count()).resolves.toBe(1);
    await record(page, 'auditor-view');
  });

  it('speaks French from Accept-Language and switches language with a link', async () => {
    const page = await person('fr-FR');
    await page.goto(cspLinkA);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await expect(page.locator('h1').innerText()).resolves.toBe('Demande de consentement');
    await record(page, 'consent-signed-out-fr');
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.locator('h1').innerText()).resolves.toBe('Consent request');
    await page.goto(`${ledger.url}/`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
  });

  it('is usable from the keyboard: the skip link comes first and leads to the content', async () => {
    const page = await person();
    await page.goto(`${ledger.url}/sign-in`);
    await page.keyboard.press('Tab');
    await expect(page.evaluate("document.activeElement?.textContent")).resolves.toBe('Skip to content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect(page.evaluate("document.activeElement?.id")).resolves.toBe('tenantId');
  });

  it('sends a strict CSP and keeps the session in an HttpOnly SameSite=Lax cookie; a forged form is refused', async () => {
    const page = await person();
    const response = await page.goto(`${ledger.url}/sign-in`);
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toMatch(/default-src 'none'.*script-src 'none'.*frame-ancestors 'none'/);
    expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
    await signInLocally(page, { tenantId: tenantA, signInName: `admin@${tenantA}.example`, globalAdmin: true });
    const session = (await page.context().cookies()).find((cookie) => cookie.name === 'ledger_session');
    // PUBLIC_BASE_URL is https here, as in production behind a TLS proxy: Secure (Chromium keeps it on loopback).
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true });

    const forged = await page.request.post(`${ledger.url}/admin/partners/${csp}/remove-dap`, { form: { csrf: 'made-up', idempotencyKey: 'a-forged-form-key-0001' } });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('This form was not sent from a page of this service');
    // The consent link still answers JSON to an API client.
    const api = await fetch(cspLinkA, { headers: { accept: 'application/json' } });
    expect([api.status, api.headers.get('content-type')]).toEqual([401, expect.stringMatching(/^application\/problem\+json/)]);
  });

  it('axe-core finds no serious or critical violation on any page', () => {
    expect(findings).toEqual([]);
  });
});
