import { randomUUID } from 'node:crypto';
import { CookieBrowser, hiddenField, noticesOf } from './support/cookie-browser.js';
import { LedgerForPages, PUBLIC_BASE_URL } from './support/ledger-for-pages.js';

/** Found by a review of the pages: what a French page said in English, and what a refused page still offered. */
describe('pages: words in the page’s language, and only what applies', () => {
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

  /** A browser that asked for French once (`?lang=fr`, remembered in a cookie), then signed in. */
  const signedIn = async (form: Record<string, string>, language: 'en' | 'fr' = 'fr'): Promise<CookieBrowser> => {
    const b = new CookieBrowser(PUBLIC_BASE_URL, ledger.url);
    const page = await b.follow(`${ledger.url}/sign-in?lang=${language}`);
    const answer = await b.open(`${ledger.url}/sign-in`, { form: { csrf: hiddenField(page.body, 'csrf'), returnTo: '/', ...form } });
    expect(answer.status).toBe(303);
    return b;
  };
  const operator = { tenantId: 'operator', signInName: 'ops@operator.example', role: 'support' };
  const auditor = { tenantId: 'operator', signInName: 'audit@operator.example', role: 'auditor' };

  it('a refusal for a role the token lacks carries a code, and a French page says it in French', async () => {
    const refused = await fetch(`${ledger.url}/v1/audit/checkpoints/latest`, { headers: { authorization: `Bearer ${support}` } });
    expect(refused.status).toBe(403);
    const problem = (await refused.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ code: 'ROLE_REQUIRED', detail: expect.stringContaining('needs the "auditor" role') });

    const page = await (await signedIn(operator)).open(`${ledger.url}/audit`);
    expect(page.status).toBe(403);
    expect(noticesOf(page.body)).toEqual(['Votre compte n’a pas le rôle que demande cette page ou cette opération. Connectez-vous avec un compte qui l’a.']);
  });
});
