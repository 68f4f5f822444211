import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedgerApi, type LedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';
import { CookieBrowser, hiddenField } from './support/cookie-browser.js';
import { ledgerEnvironment, PUBLIC_BASE_URL } from '../support/ledger-environment.js';

/**
 * The pages' CSRF key is kept in LEDGER_DATA_DIR/keys: a form loaded before a restart is still accepted after it
 * (the same holds for a second instance on the same data dir). Local sign-in; the service is started twice.
 */
describe('pages: a form survives a restart of the service', () => {
  let dataDir: string;
  let api: LedgerApi | undefined;

  const start = (): Promise<LedgerApi> => createLedgerApi({ environment: ledgerEnvironment(dataDir) });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-csrf-'));
  });

  afterAll(async () => {
    await api?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a sign-in form and a signed-in page’s form, loaded before the restart, are accepted after it', async () => {
    api = await start();
    const person = new CookieBrowser(PUBLIC_BASE_URL, api.url);
    const signInForm = await person.follow(`${api.url}/sign-in`);
    const signInToken = hiddenField(signInForm.body, 'csrf');
    const keyFile = join(dataDir, 'keys', 'pages-csrf-hmac.key');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);

    // A second tab signs in before the restart, and its page's sign-out form is kept for later.
    const signedIn = await person.open(`${api.url}/sign-in`, {
      form: { csrf: signInToken, tenantId: 'contoso', signInName: 'admin@contoso.example', globalAdmin: 'yes', role: 'customer' },
    });
    expect(signedIn.status).toBe(303);
    const admin = await person.follow(signedIn.location ?? '');
    expect(admin.status).toBe(200);
    const signOutToken = hiddenField(admin.body, 'csrf');
    const session = person.cookies.get('ledger_session');

    await api.close();
    api = await start();
    person.serviceUrl = api.url;

    const signedOut = await person.open(`${api.url}/sign-out`, { form: { csrf: signOutToken } });
    expect(signedOut.status).toBe(303);
    expect(person.cookies.has('ledger_session')).toBe(false);

    // The first tab's sign-in form, from before the restart, still signs in (no session: the token made without one).
    const again = await person.open(`${api.url}/sign-in`, {
      form: { csrf: signInToken, tenantId: 'contoso', signInName: 'admin@contoso.example', role: 'customer' },
    });
    expect(again.status).toBe(303);
    expect(person.cookies.get('ledger_session')).toMatch(/^ey/);
    expect(person.cookies.get('ledger_session')).not.toBe(session);
  });

  it('a forged token is still refused after the restart, nothing done', async () => {
    const person = new CookieBrowser(PUBLIC_BASE_URL, api?.url ?? '');
    await person.follow(`${api?.url}/sign-in`);
    const refused = await person.open(`${api?.url}/sign-in`, {
      form: { csrf: 'A'.repeat(43), tenantId: 'contoso', signInName: 'admin@contoso.example', role: 'customer' },
    });
    expect(refused.status).toBe(403);
    expect(person.cookies.has('ledger_session')).toBe(false);
  });
});
