import { randomUUID } from 'node:crypto';
import { ChainVerifier } from '@ledger/ledger-proofs';
import { expectProblem, LedgerUnderTest, linkPath } from './support/ledger-under-test.js';

describe('CSP consent flows over HTTP', () => {
  let ledger: LedgerUnderTest;
  let support: string;

  beforeAll(async () => {
    ledger = await LedgerUnderTest.start();
    support = await ledger.support();
  });

  afterAll(async () => {
    await ledger?.stop();
  });

  const enrol = async (body: Record<string, unknown>): Promise<void> => {
    const answer = await ledger.call('POST', '/v1/partners', { token: support, body });
    expect(answer.body).toMatchObject({ partnerId: body.partnerId });
  };

  it('direct CSP, tenant named: request, open the link, accept; every event chained and positioned', async () => {
    await enrol({ partnerId: 'contoso-csp', name: 'Contoso Partners', kind: 'CSP_DIRECT' });
    const partner = await ledger.partner('contoso-csp');
    const tenant = randomUUID();

    const requested = await ledger.call('POST', '/v1/consent-requests', {
      token: partner,
      body: { customerTenantId: tenant, delegatedAdminRequested: true, adminRoles: ['Helpdesk Administrator'] },
    });
    expect(requested.status).toBe(201);
    expect(requested.headers.get('ledger-position')).toMatch(/^\d+$/);
    expect(requested.body).toMatchObject({
      requestId: expect.any(String),
      consentLink: expect.stringMatching(/^https:\/\/ledger\.example\.test\/v1\/consent-links\/[\w-]+\.[\w-]+$/),
      expiresAt: expect.any(String),
      email: { subject: expect.stringContaining('Contoso Partners'), body: expect.stringContaining(String(requested.body.consentLink)) },
      emailTranslations: { en: expect.any(Object), fr: { subject: expect.stringContaining('demande votre consentement'), body: expect.any(String) } },
    });
    const days = (Date.parse(String(requested.body.expiresAt)) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(30);

    const admin = await ledger.globalAdmin(tenant);
    const shown = await ledger.call('GET', linkPath(requested.body.consentLink), { token: admin });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      linkKind: 'CSP_CONSENT_REQUEST',
      partner: { partnerId: 'contoso-csp', name: 'Contoso Partners', kind: 'CSP_DIRECT' },
      status: 'pending',
      delegatedAdminRequested: true,
      adminRoles: ['Helpdesk Administrator'],
      customerTenantId: tenant,
    });

    const accepted = await ledger.call('POST', `${linkPath(requested.body.consentLink)}/accept`, { token: admin, body: { confirm: true } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ partnerId: 'contoso-csp', customerTenantId: tenant, delegatedAdminGranted: true });
    expect(BigInt(accepted.headers.get('ledger-position')!)).toBeGreaterThan(BigInt(requested.headers.get('ledger-position')!));

    const status = await ledger.call('GET', `/v1/consent-requests/${String(requested.body.requestId)}`, { token: partner });
    expect(status.body).toMatchObject({ status: 'accepted', customerTenantId: tenant, acceptedBy: { tenantId: tenant } });

    const recorded = await ledger.eventsOfType('ConsentAccepted');
    const consent = recorded.find((event) => event.data.customerTenantId === tenant)!;
    expect(consent.stream).toBe(`relationship-contoso-csp_${tenant}`);
    expect(consent.metadata).toMatchObject({
      actor: { sub: `ga-${tenant}`, tid: tenant, roles: [], signInName: `admin@${tenant}.onmicrosoft.com` },
      commandType: 'AcceptConsent',
      correlationId: expect.any(String),
      causationId: expect.any(String),
      serverTime: expect.any(String),
      ledgerChain: { contentHash: expect.any(String), previousChainHash: null, chainHash: expect.any(String) },
    });

    const verifier = new ChainVerifier();
    for (const event of await ledger.allEvents()) {
      verifier.check({ streamId: event.stream, revision: event.revision, eventId: event.id, type: event.type, data: event.data, metadata: event.metadata });
    }
    expect(verifier.finish()).toMatchObject({ ok: true });
  });
});
