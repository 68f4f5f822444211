import { randomUUID } from 'node:crypto';
import { CookieBrowser, hiddenField, noticesOf, type Hop } from './support/cookie-browser.js';
import { LedgerForPages, PUBLIC_BASE_URL } from './support/ledger-for-pages.js';

/** The hidden fields of the page's form that posts to `action` (the first such form). */
const formAt = (page: string, action: string): Record<string, string> => {
  const at = page.indexOf(`action="${action}"`);
  if (at < 0) throw new Error(`no form posting to ${action} in the page`);
  const form = page.slice(at, page.indexOf('</form>', at));
  return Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [match[1]!, match[2]!]));
};

/**
 * Found by an adversarial review of the pages: a form of the customer admin page or of the support console sent
 * twice (a double click, or a browser resending it after a lost answer) recorded twice or answered the second
 * time with a refusal ("no delegated admin rights", "already pending", "already handled") for a change that was
 * made. Like the consent page's Accept, each form now carries a key that makes the second sending the same request.
 */
describe('pages: a form sent twice records once and shows what was done', () => {
  let ledger: LedgerForPages;
  let support: string;
  const tenant = randomUUID();
  const cloudNativeGa = { tenantId: tenant, signInName: `admin@t${tenant.slice(0, 8)}.onmicrosoft.com`, globalAdmin: 'yes', role: 'customer' };
  const operator = { tenantId: 'operator', signInName: 'ops@operator.example', role: 'support' };

  beforeAll(async () => {
    ledger = await LedgerForPages.start();
    support = await ledger.token({ sub: 's', tid: 'operator', roles: ['support'] });
    for (const partner of [
      { partnerId: 'csp1', name: 'Contoso Partners', kind: 'CSP_DIRECT' },
      { partnerId: 'oem1', name: 'Devices Inc', kind: 'OEM', oemDirectApiEligible: true },
    ]) expect((await ledger.call('POST', '/v1/partners', support, partner)).status).toBe(201);
    // The customer has consented to both: the CSP with DAP, the OEM through its link.
    const csp = await ledger.token({ sub: 'app-csp1', tid: 't', roles: ['partner'], partnerId: 'csp1' });
    const asked = await ledger.call('POST', '/v1/consent-requests', csp, { customerTenantId: tenant, delegatedAdminRequested: true, adminRoles: ['Helpdesk Administrator'] });
    const oemLink = await ledger.call('POST', '/v1/partners/oem1/oem-consent-link', support);
    const admin = await ledger.token({ sub: 'ga', tid: tenant, wids: ['62e90394-69f5-4237-9190-012177145e10'], upn: cloudNativeGa.signInName });
    for (const link of [asked.body.consentLink, oemLink.body.consentLink]) {
      const path = String(link).slice(PUBLIC_BASE_URL.length);
      expect((await ledger.call('POST', `${path}/accept`, admin, { confirm: true })).status).toBe(200);
    }
  });

  afterAll(async () => {
    await ledger?.stop();
  });

  const signedIn = async (identity: Record<string, string>): Promise<CookieBrowser> => {
    const browser = new CookieBrowser(PUBLIC_BASE_URL, ledger.url);
    const page = await browser.follow(`${ledger.url}/sign-in`);
    expect((await browser.open(`${ledger.url}/sign-in`, { form: { csrf: hiddenField(page.body, 'csrf'), ...identity } })).status).toBe(303);
    return browser;
  };

  /** The same form sent twice: together (a double click), then once more after both answered (a resend). */
  const sendThrice = async (browser: CookieBrowser, action: string, form: Record<string, string>): Promise<Hop[]> => {
    const together = await Promise.all([browser.open(`${ledger.url}${action}`, { form }), browser.open(`${ledger.url}${action}`, { form })]);
    return [...together, await browser.open(`${ledger.url}${action}`, { form })];
  };

  const expectSameOutcome = async (browser: CookieBrowser, answers: Hop[], done: string, notice: RegExp): Promise<void> => {
    for (const answer of answers) {
      expect([answer.status, answer.location]).toEqual([303, expect.stringContaining(`done=${done}`)]);
      const page = await browser.open(answer.location!);
      expect(noticesOf(page.body)).toEqual([expect.stringMatching(notice)]);
    }
  };

  const eventsAbout = async (type: string, match: (data: Record<string, unknown>) => boolean) =>
    (await ledger.eventsOfType(type)).filter((event) => match(event.data as Record<string, unknown>));

  it('remove DAP', async () => {
    const customer = await signedIn(cloudNativeGa);
    const action = '/admin/partners/csp1/remove-dap';
    const form = formAt((await customer.open(`${ledger.url}/admin`)).body, action);
    await expectSameOutcome(customer, await sendThrice(customer, action, form), 'dap-removed', /^Delegated admin rights removed/);
    expect(await eventsAbout('DapRemoved', (data) => data.customerTenantId === tenant)).toHaveLength(1);
  });

  it('ask for an OEM revocation, then support completes it', async () => {
    const customer = await signedIn(cloudNativeGa);
    const asking = formAt((await customer.open(`${ledger.url}/admin`)).body, '/admin/oem-revocations');
    const asked = await sendThrice(customer, '/admin/oem-revocations', { ...asking, reason: 'We changed supplier.' });
    await expectSameOutcome(customer, asked, 'revocation-asked', /^Revocation asked/);
    expect(await eventsAbout('OemRevocationRequested', (data) => data.customerTenantId === tenant)).toHaveLength(1);

    const operatorBrowser = await signedIn(operator);
    const console = (await operatorBrowser.open(`${ledger.url}/support`)).body;
    const action = /action="(\/support\/revocations\/[^"]+\/complete)"/.exec(console)![1]!;
    await expectSameOutcome(operatorBrowser, await sendThrice(operatorBrowser, action, formAt(console, action)), 'completed', /^Revocation completed/);
    expect(await eventsAbout('OemRevocationCompleted', (data) => data.customerTenantId === tenant)).toHaveLength(1);
  });

  it('issue an OEM’s link (a second issue would replace the link just sent)', async () => {
    const operatorBrowser = await signedIn(operator);
    const before = (await eventsAbout('OemConsentLinkIssued', (data) => data.partnerId === 'oem1')).length;
    const form = formAt((await operatorBrowser.open(`${ledger.url}/support`)).body, '/support/oem-links');
    await expectSameOutcome(operatorBrowser, await sendThrice(operatorBrowser, '/support/oem-links', { ...form, partnerId: 'oem1' }), 'link-issued', /^Consent link of oem1 issued/);
    expect(await eventsAbout('OemConsentLinkIssued', (data) => data.partnerId === 'oem1')).toHaveLength(before + 1);
  });

  it('enrol a partner', async () => {
    const operatorBrowser = await signedIn(operator);
    const form = formAt((await operatorBrowser.open(`${ledger.url}/support`)).body, '/support/partners');
    const enrolled = await sendThrice(operatorBrowser, '/support/partners', { ...form, partnerId: 'csp2', name: 'Fabrikam', kind: 'CSP_DIRECT' });
    await expectSameOutcome(operatorBrowser, enrolled, 'enrolled', /^Partner csp2 enrolled/);
    expect(await eventsAbout('PartnerEnrolled', (data) => data.partnerId === 'csp2')).toHaveLength(1);
  });
});
