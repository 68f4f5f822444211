import { randomUUID } from 'node:crypto';
import { type CookieBrowser, hiddenField, noticesOf } from './support/cookie-browser.js';
import { LedgerForPages } from './support/ledger-for-pages.js';

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

  const signedIn = (form: Record<string, string>, language: 'en' | 'fr' = 'fr'): Promise<CookieBrowser> => ledger.signedIn(form, language);
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

  it('a partner id the browser let through shows the enrolment form again, the message in French next to the field, what was typed kept', async () => {
    const b = await signedIn(operator);
    const consolePage = await b.open(`${ledger.url}/support`);
    const enrolments = (await ledger.eventsOfType('PartnerEnrolled')).length;
    const form = { csrf: hiddenField(consolePage.body, 'csrf'), idempotencyKey: hiddenField(consolePage.body, 'idempotencyKey') };
    const page = await b.open(`${ledger.url}/support/partners`, {
      form: { ...form, partnerId: 'bad id!', name: 'Fabrikam & Co', kind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'fab-dist' },
    });
    expect(page.status).toBe(400);
    expect(page.body).toContain('lang="fr"');
    expect(noticesOf(page.body)).toEqual(['Corrigez les champs signalés ci-dessous. Rien n’a été enregistré.']);
    expect(page.body).toMatch(
      /<p class="field-error" id="enrol-partnerId-error">L’identifiant du partenaire compte de 1 à 64 lettres, chiffres, « \. » ou « - », et commence par une lettre ou un chiffre\.<\/p><input type="text" id="enrol-partnerId" name="partnerId" value="bad id!" required aria-invalid="true" aria-describedby="enrol-partnerId-error">/,
    );
    expect(page.body).toContain('id="enrol-name" name="name" value="Fabrikam &amp; Co"');
    expect(page.body).toContain('<option value="CSP_INDIRECT_RESELLER" selected>');
    expect(page.body).toContain('id="enrol-provider" name="indirectProviderId" value="fab-dist"');
    expect(page.body).not.toContain('enrol-name-error');
    expect(await ledger.eventsOfType('PartnerEnrolled')).toHaveLength(enrolments);

    // Refused by the service (csp1 is enrolled already): the refusal, and the form again with what was typed.
    const again = await b.open(`${ledger.url}/support/partners`, {
      form: { csrf: form.csrf, idempotencyKey: 'another-form-key-0001', partnerId: 'csp1', name: 'Contoso again', kind: 'CSP_DIRECT' },
    });
    expect(again.status).toBe(409);
    expect(noticesOf(again.body)).toHaveLength(1);
    expect(again.body).toContain('id="enrol-partnerId" name="partnerId" value="csp1"');
    expect(again.body).toContain('id="enrol-name" name="name" value="Contoso again"');

    // A form our page did not make (an unknown field) is still the plain 400.
    const forged = await b.open(`${ledger.url}/support/partners`, { form: { ...form, partnerId: 'p2', name: 'P2', kind: 'OEM', admin: 'yes' } });
    expect(forged.status).toBe(400);
    expect(forged.body).not.toContain('enrol-partnerId');
  });

  it('the auditor’s French timeline and authorisations say events, kinds, bases and channels in French, not the API’s English or codes', async () => {
    const tenant = randomUUID();
    const partner = await ledger.token({ sub: 'app-csp1', tid: 't', roles: ['partner'], partnerId: 'csp1' });
    const asked = await ledger.call('POST', '/v1/consent-requests', partner, { customerTenantId: tenant, delegatedAdminRequested: true, adminRoles: ['Helpdesk Administrator'] });
    const admin = await ledger.token({ sub: 'ga', tid: tenant, wids: ['62e90394-69f5-4237-9190-012177145e10'], upn: `admin@${tenant}.example` });
    const token = String(asked.body.consentLink).split('/').pop()!;
    expect((await ledger.call('POST', `/v1/consent-links/${token}/accept`, admin, { confirm: true })).status).toBe(200);

    const b = await signedIn(auditor);
    const timeline = await b.open(`${ledger.url}/audit?tenantId=${tenant}`);
    expect(timeline.status).toBe(200);
    const rows = [...timeline.body.matchAll(/<tr><td data-label="Quand">[\s\S]*?<\/tr>/g)].map((row) => row[0].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/Consentement demandé Le partenaire csp1 a demandé le consentement avec des droits d’administration délégués \(demande [^,]+, lien valable jusqu’au \d+ \S+ \d{4} à \d\d:\d\d UTC\) #\d+ · ConsentRequested/);
    expect(rows[1]).toContain(`Lien de consentement utilisé admin@${tenant}.example, administrateur général, a utilisé le lien de consentement de la demande`);
    expect(rows[2]).toContain(
      `Consentement accepté admin@${tenant}.example, administrateur général, a accepté le partenaire csp1 (Fournisseur de solutions cloud (facturation directe)) avec des droits d’administration délégués (DAP)`,
    );
    expect(rows.join(' ')).not.toMatch(/Global Administrator|accepted partner|CSP_DIRECT/);

    const asOf = new Date(Date.now() + 60_000).toISOString().slice(0, 16);
    const authorisations = await b.open(`${ledger.url}/audit?partnerId=csp1&asOf=${asOf}`);
    const row = [...authorisations.body.matchAll(/<tr><td data-label="Client">[\s\S]*?<\/tr>/g)].map((match) => match[0]).find((found) => found.includes(tenant));
    expect(row).toContain('<td data-label="Fondement">Consentement direct du client</td>');
    expect(row).toContain('<td data-label="Canaux">API de l’Espace partenaires Microsoft, Interface de l’Espace partenaires Microsoft (fichier CSV chargé à la main)</td>');
  });

  it('after a wrong-tenant refusal, the consent page shows the refusal and how to switch account, not the accept form again', async () => {
    const partner = await ledger.token({ sub: 'app-csp1', tid: 't', roles: ['partner'], partnerId: 'csp1' });
    const link = ledger.local((await ledger.call('POST', '/v1/consent-requests', partner, { customerTenantId: randomUUID() })).body.consentLink);
    const other = randomUUID();
    const b = await signedIn({ tenantId: other, signInName: `admin@${other}.example`, globalAdmin: 'yes', role: 'customer' });
    const page = await b.follow(link);
    const action = /action="([^"]*accept)"/.exec(page.body)![1]!;
    const refused = await b.open(`${ledger.url}${action}`, {
      form: { csrf: hiddenField(page.body, 'csrf'), idempotencyKey: hiddenField(page.body, 'idempotencyKey'), yes: 'yes' },
    });
    expect(refused.status).toBe(403);
    expect(noticesOf(refused.body)).toEqual(['Ce lien est destiné à un autre locataire que le vôtre. Rien n’a été enregistré.']);
    expect(refused.body).not.toContain('/accept"');
    expect(refused.body).not.toContain('name="yes"');
    expect(refused.body).toMatch(/<a href="\/sign-in\?returnTo=[^"]+">Se connecter avec un autre compte<\/a>/);
  });

  it('a signed-in user without the role gets only the refusal on /support, /audit and /admin, none of their forms', async () => {
    const noticesIn = (page: string): string[] => noticesOf(page).map((notice) => notice.replace(/&quot;/g, '"'));
    const asAuditor = await signedIn(auditor, 'en');
    const supportPage = await asAuditor.open(`${ledger.url}/support`);
    expect(supportPage.status).toBe(403);
    expect(noticesIn(supportPage.body)).toEqual(['this operation needs the "support" role; your token has roles auditor']);
    expect(supportPage.body).not.toMatch(/<form method="post" action="\/support|<table/);

    const enrol = await asAuditor.open(`${ledger.url}/support/partners`, {
      form: { csrf: hiddenField(supportPage.body, 'csrf'), idempotencyKey: 'a-form-key-of-an-auditor-1', partnerId: 'p9', name: 'P9', kind: 'CSP_DIRECT' },
    });
    expect(enrol.status).toBe(403);
    expect(noticesIn(enrol.body)).toEqual(['this operation needs the "support" role; your token has roles auditor']);
    expect(enrol.body).not.toMatch(/<form method="post" action="\/support/);

    const asSupport = await signedIn(operator, 'en');
    const auditPage = await asSupport.open(`${ledger.url}/audit?tenantId=${randomUUID()}&partnerId=csp1`);
    expect(auditPage.status).toBe(403);
    expect(noticesIn(auditPage.body)).toEqual(['this operation needs the "auditor" role; your token has roles support']);
    expect(auditPage.body).not.toMatch(/<form method="get" action="\/audit"|<h2>/);

    const adminPage = await asAuditor.open(`${ledger.url}/admin`);
    expect(adminPage.status).toBe(403);
    expect(noticesIn(adminPage.body)).toHaveLength(1);
    expect(adminPage.body).not.toMatch(/No partner has been authorised yet|<table|<form method="post" action="\/admin/);
  });

  it('an auditor’s tenant id the browser let through shows the view again, the message in French next to the field, what was typed kept', async () => {
    const b = await signedIn(auditor);
    const page = await b.open(`${ledger.url}/audit?tenantId=${encodeURIComponent('bad id!')}&partnerId=csp1&asOf=`);
    expect(page.status).toBe(400);
    expect(noticesOf(page.body)).toEqual(['Corrigez les champs signalés ci-dessous.']);
    expect(page.body).toContain(
      '<p class="field-error" id="tenantId-error">L’identifiant du locataire compte de 1 à 128 lettres, chiffres, « . », « _ » ou « - », et commence par une lettre ou un chiffre.</p><input type="text" id="tenantId" name="tenantId" value="bad id!" required aria-invalid="true" aria-describedby="tenantId-error">',
    );
    expect(page.body).toContain('id="partnerId" name="partnerId" value="csp1"');
    expect(page.body).not.toContain('partnerId-error');
  });
});
