import { randomUUID } from 'node:crypto';
import { ChainVerifier } from '@ledger/ledger-proofs';
import { expectProblem, LedgerUnderTest, linkPath, type Answer } from './support/ledger-under-test.js';

describe('CSP consent flows over HTTP', () => {
  let ledger: LedgerUnderTest;
  let support: string;
  let direct: string;

  beforeAll(async () => {
    ledger = await LedgerUnderTest.start();
    support = await ledger.support();
    await ledger.enrol(
      { partnerId: 'contoso-csp', name: 'Contoso Partners', kind: 'CSP_DIRECT' },
      { partnerId: 'fabrikam-dist', name: 'Fabrikam Distribution', kind: 'CSP_INDIRECT_PROVIDER' },
      { partnerId: 'tailspin-res', name: 'Tailspin Resellers', kind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'fabrikam-dist' },
    );
    direct = await ledger.partner('contoso-csp');
  });

  afterAll(async () => {
    await ledger?.stop();
  });

  const requestConsent = async (token: string, body: Record<string, unknown> = {}): Promise<Answer> => {
    const answer = await ledger.call('POST', '/v1/consent-requests', { token, body });
    expect(answer.status).toBe(201);
    return answer;
  };
  const accept = (answer: Answer, token: string): Promise<Answer> =>
    ledger.call('POST', `${linkPath(answer.body.consentLink)}/accept`, { token, body: { confirm: true } });

  it('direct CSP, tenant named: request, open the link, accept; every event chained and positioned', async () => {
    const tenant = randomUUID();
    const requested = await requestConsent(direct, {
      customerTenantId: tenant,
      delegatedAdminRequested: true,
      adminRoles: ['Helpdesk Administrator'],
    });
    expect(requested.headers.get('ledger-position')).toMatch(/^\d+$/);
    expect(requested.body).toMatchObject({
      requestId: expect.any(String),
      consentLink: expect.stringMatching(/^https:\/\/ledger\.example\.test\/v1\/consent-links\/[\w-]+\.[\w-]+$/),
      expiresAt: expect.any(String),
      email: { subject: expect.stringContaining('Contoso Partners'), body: expect.stringContaining(String(requested.body.consentLink)) },
      emailTranslations: {
        en: { subject: expect.stringContaining('asks for your consent'), body: expect.any(String) },
        fr: { subject: expect.stringContaining('demande votre consentement'), body: expect.any(String) },
      },
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

    const accepted = await accept(requested, admin);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ partnerId: 'contoso-csp', customerTenantId: tenant, delegatedAdminGranted: true });
    expect(BigInt(accepted.headers.get('ledger-position')!)).toBeGreaterThan(BigInt(requested.headers.get('ledger-position')!));

    const status = await ledger.call('GET', `/v1/consent-requests/${String(requested.body.requestId)}`, { token: direct });
    expect(status.body).toMatchObject({ status: 'accepted', customerTenantId: tenant, acceptedBy: { tenantId: tenant } });

    const consent = (await ledger.eventsOfType('ConsentAccepted')).find((event) => event.data.customerTenantId === tenant)!;
    expect(consent.stream).toBe(`relationship-contoso-csp_${tenant}`);
    expect(String(consent.position)).toBe(accepted.headers.get('ledger-position'));
    expect(consent.metadata).toMatchObject({
      actor: { sub: `ga-${tenant}`, tid: tenant, roles: [], signInName: `admin@${tenant}.onmicrosoft.com` },
      commandType: 'AcceptConsent',
      correlationId: expect.any(String),
      causationId: expect.any(String),
      serverTime: expect.any(String),
      ledgerChain: { contentHash: expect.any(String), previousChainHash: null, chainHash: expect.any(String) },
    });

    // DAP removal keeps the relationship; a second removal finds no DAP.
    const removed = await ledger.call('DELETE', `/v1/customers/${tenant}/partners/contoso-csp/delegated-admin`, { token: admin });
    expect(removed.status).toBe(200);
    expect(removed.headers.get('ledger-position')).toMatch(/^\d+$/);
    expectProblem(await ledger.call('DELETE', `/v1/customers/${tenant}/partners/contoso-csp/delegated-admin`, { token: admin }), 409, 'NO_DAP');

    const verifier = new ChainVerifier();
    for (const event of await ledger.allEvents()) {
      verifier.check({ streamId: event.stream, revision: event.revision, eventId: event.id, type: event.type, data: event.data, metadata: event.metadata });
    }
    expect(verifier.finish()).toMatchObject({ ok: true });
  });

  it('direct CSP, no tenant named: the accepting Global Administrator’s tenant becomes the customer, DAP-less by default', async () => {
    const requested = await requestConsent(direct);
    const tenant = randomUUID();
    const accepted = await accept(requested, await ledger.globalAdmin(tenant));
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ customerTenantId: tenant, delegatedAdminGranted: false, adminRoles: [] });
    const consent = (await ledger.eventsOfType('ConsentAccepted')).find((event) => event.data.customerTenantId === tenant);
    expect(consent?.stream).toBe(`relationship-contoso-csp_${tenant}`);
    expectProblem(
      await ledger.call('DELETE', `/v1/customers/${tenant}/partners/contoso-csp/delegated-admin`, { token: await ledger.globalAdmin(tenant) }),
      409,
      'NO_DAP',
    );
  });

  it('indirect reseller: its consent names its indirect provider', async () => {
    const reseller = await ledger.partner('tailspin-res');
    const requested = await requestConsent(reseller);
    const tenant = randomUUID();
    // Seed, "Revendeur CSP indirect": accepting also authorises the reseller's indirect provider, so the link says so
    // before anything is granted (domain.md, "Consent links": "shows who asks and for what").
    const shown = await ledger.call('GET', linkPath(requested.body.consentLink), { token: await ledger.globalAdmin(tenant) });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      partner: { partnerId: 'tailspin-res', kind: 'CSP_INDIRECT_RESELLER' },
      indirectProvider: { partnerId: 'fabrikam-dist', name: 'Fabrikam Distribution', kind: 'CSP_INDIRECT_PROVIDER' },
    });
    const directShown = await ledger.call('GET', linkPath((await requestConsent(direct)).body.consentLink), { token: await ledger.globalAdmin(tenant) });
    expect(directShown.body.indirectProvider).toBeUndefined();
    const accepted = await accept(requested, await ledger.globalAdmin(tenant));
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ partnerId: 'tailspin-res', partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'fabrikam-dist' });
    const consent = (await ledger.eventsOfType('ConsentAccepted')).find((event) => event.data.customerTenantId === tenant);
    expect(consent?.data).toMatchObject({ partnerId: 'tailspin-res', partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'fabrikam-dist' });
    expect((await accept(await requestConsent(direct), await ledger.globalAdmin(tenant))).body).not.toHaveProperty('indirectProviderId');
  });

  it('indirect reseller with DAP: the provider, listed with it, has it through the reseller; removing it there is named', async () => {
    const reseller = await ledger.partner('tailspin-res');
    const tenant = randomUUID();
    const admin = await ledger.globalAdmin(tenant);
    const requested = await requestConsent(reseller, { delegatedAdminRequested: true, adminRoles: ['Helpdesk Administrator'] });
    const accepted = await accept(requested, admin);
    expect(accepted.status).toBe(200);
    const partners = await ledger.call('GET', `/v1/customers/${tenant}/partners?minPosition=${accepted.headers.get('ledger-position')!}`, { token: admin });
    expect(partners.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ partnerId: 'fabrikam-dist', delegatedAdmin: true, viaResellerId: 'tailspin-res' })]),
    );
    const refused = await ledger.call('DELETE', `/v1/customers/${tenant}/partners/fabrikam-dist/delegated-admin`, { token: admin });
    expectProblem(refused, 409, 'DAP_THROUGH_RESELLER');
    expect(refused.body.detail).toContain(`/v1/customers/${tenant}/partners/tailspin-res/delegated-admin`);
    expect((await ledger.call('DELETE', `/v1/customers/${tenant}/partners/tailspin-res/delegated-admin`, { token: admin })).status).toBe(200);
  });

  it("two resellers of one provider, only the later with DAP: the provider is listed with DAP everywhere, and the refusal names that reseller", async () => {
    await ledger.enrol({ partnerId: 'wingtip-res', name: 'Wingtip Resellers', kind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'fabrikam-dist' });
    const tenant = randomUUID();
    const admin = await ledger.globalAdmin(tenant);
    expect((await accept(await requestConsent(await ledger.partner('tailspin-res')), admin)).status).toBe(200);
    const withDap = await accept(await requestConsent(await ledger.partner('wingtip-res'), { delegatedAdminRequested: true }), admin);
    expect(withDap.status).toBe(200);
    const read = async (path: string, token: string, position: string | null): Promise<Record<string, unknown> | undefined> => {
      const page = await ledger.call('GET', `${path}?minPosition=${position!}`, { token });
      expect(page.status).toBe(200);
      return (page.body.items as Record<string, unknown>[]).find((row) => row.partnerId === 'fabrikam-dist' || row.customerTenantId === tenant);
    };
    const provider = await ledger.partner('fabrikam-dist');
    const position = withDap.headers.get('ledger-position');
    // The provider's authorisation still rests on the earlier consent; the DAP it holds comes through the later one.
    expect(await read('/v1/partners/fabrikam-dist/registration-authorisations', provider, position)).toMatchObject({ viaResellerId: 'tailspin-res', delegatedAdmin: true });
    expect(await read('/v1/partners/fabrikam-dist/customers', provider, position)).toMatchObject({ viaResellerId: 'tailspin-res', delegatedAdmin: true });
    expect(await read(`/v1/customers/${tenant}/partners`, admin, position)).toMatchObject({ delegatedAdmin: true, delegatedAdminViaResellerIds: ['wingtip-res'] });

    const refused = await ledger.call('DELETE', `/v1/customers/${tenant}/partners/fabrikam-dist/delegated-admin`, { token: admin });
    expectProblem(refused, 409, 'DAP_THROUGH_RESELLER');
    expect(refused.body.detail).toContain(`/v1/customers/${tenant}/partners/wingtip-res/delegated-admin`);
    const removed = await ledger.call('DELETE', `/v1/customers/${tenant}/partners/wingtip-res/delegated-admin`, { token: admin });
    expect(removed.status).toBe(200);
    const after = removed.headers.get('ledger-position');
    expect(await read('/v1/partners/fabrikam-dist/registration-authorisations', provider, after)).toMatchObject({ delegatedAdmin: false });
    expect(await read(`/v1/customers/${tenant}/partners`, admin, after)).not.toHaveProperty('delegatedAdminViaResellerIds');
    // Without DAP, the provider has none to remove: the same 409 as any partner without DAP.
    expectProblem(await ledger.call('DELETE', `/v1/customers/${tenant}/partners/fabrikam-dist/delegated-admin`, { token: admin }), 409, 'NO_DAP');
  });

  it('cancel: the partner cancels, the link then answers 409', async () => {
    const requested = await requestConsent(direct);
    const requestId = String(requested.body.requestId);
    expectProblem(
      await ledger.call('POST', `/v1/consent-requests/${requestId}/cancel`, { token: await ledger.partner('tailspin-res') }),
      403,
      'NOT_YOUR_CONSENT_REQUEST',
    );
    const cancelled = await ledger.call('POST', `/v1/consent-requests/${requestId}/cancel`, { token: direct });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ requestId, status: 'cancelled' });
    expectProblem(await accept(requested, await ledger.globalAdmin(randomUUID())), 409, 'CONSENT_REQUEST_CANCELLED');
    expectProblem(await ledger.call('POST', `/v1/consent-requests/${requestId}/cancel`, { token: direct }), 409, 'CONSENT_REQUEST_CANCELLED');
    const status = await ledger.call('GET', `/v1/consent-requests/${requestId}`, { token: support });
    expect(status.body).toMatchObject({ status: 'cancelled' });
  });

  it('the OpenAPI document lists every write route with its Idempotency-Key and Ledger-Position', async () => {
    const document = (await (await fetch(`${ledger.api.url}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string }[]; responses: Record<string, { headers?: object }> }>>;
    };
    const writes = [
      ['/v1/partners', 'post', '201'],
      ['/v1/consent-requests', 'post', '201'],
      ['/v1/consent-requests/{requestId}/cancel', 'post', '200'],
      ['/v1/consent-links/{token}/accept', 'post', '200'],
      ['/v1/partners/{partnerId}/oem-consent-link-requests', 'post', '202'],
      ['/v1/partners/{partnerId}/oem-consent-link', 'post', '201'],
      ['/v1/customers/{tenantId}/partners/{partnerId}/delegated-admin', 'delete', '200'],
      ['/v1/customers/{tenantId}/oem-revocation-requests', 'post', '202'],
      ['/v1/oem-revocation-requests/{revocationRequestId}/complete', 'post', '200'],
      ['/v1/oem-revocation-requests/{revocationRequestId}/reject', 'post', '200'],
    ] as const;
    for (const [path, method, status] of writes) {
      const operation = document.paths[path]?.[method];
      expect({ path, names: operation?.parameters?.map((parameter) => parameter.name) }).toEqual({ path, names: expect.arrayContaining(['Idempotency-Key']) });
      expect(operation?.responses[status]?.headers).toHaveProperty('Ledger-Position');
    }
    for (const path of ['/v1/partners/{partnerId}', '/v1/consent-requests/{requestId}', '/v1/consent-links/{token}', '/v1/partners/{partnerId}/oem-consent-link']) {
      expect(document.paths[path]?.get).toBeDefined();
    }
  });

  describe('refusals, each as problem+json with its code', () => {
    it('acceptance: not a Global Administrator 403, wrong tenant 403, a used link 409', async () => {
      const tenant = randomUUID();
      const requested = await requestConsent(direct, { customerTenantId: tenant });
      const notGa = await ledger.token({ sub: 'user-1', tid: tenant, upn: `user@${tenant}.onmicrosoft.com` });
      const refused = await accept(requested, notGa);
      expectProblem(refused, 403, 'NOT_GLOBAL_ADMIN');
      expect(refused.body.detail).toBe(`only a Global Administrator of tenant ${tenant} may accept`);
      expectProblem(await accept(requested, await ledger.globalAdmin(randomUUID())), 403, 'WRONG_TENANT');
      expect((await accept(requested, await ledger.globalAdmin(tenant))).status).toBe(200);
      expectProblem(await accept(requested, await ledger.globalAdmin(tenant, { sub: 'another-ga' })), 409, 'CONSENT_REQUEST_ALREADY_ACCEPTED');
    });

    it('requests: an indirect provider 422, admin roles without DAP 422, a partner not enrolled 404, no partner_id 403', async () => {
      expectProblem(
        await ledger.call('POST', '/v1/consent-requests', { token: await ledger.partner('fabrikam-dist'), body: {} }),
        422,
        'INDIRECT_PROVIDER_CANNOT_REQUEST_CONSENT',
      );
      expectProblem(await ledger.call('POST', '/v1/consent-requests', { token: direct, body: { adminRoles: ['Global Reader'] } }), 422, 'ADMIN_ROLES_WITHOUT_DAP');
      expectProblem(await ledger.call('POST', '/v1/consent-requests', { token: await ledger.partner('nobody'), body: {} }), 404, 'PARTNER_NOT_ENROLLED');
      const noPartnerId = await ledger.token({ sub: 'app-x', tid: 't-x', roles: ['partner'] });
      expectProblem(await ledger.call('POST', '/v1/consent-requests', { token: noPartnerId, body: {} }), 403);
    });

    it('enrolment: twice 409, a reseller without an enrolled provider 422, a customer admin 403', async () => {
      expectProblem(
        await ledger.call('POST', '/v1/partners', { token: support, body: { partnerId: 'contoso-csp', name: 'Again', kind: 'CSP_DIRECT' } }),
        409,
        'PARTNER_ALREADY_ENROLLED',
      );
      expectProblem(
        await ledger.call('POST', '/v1/partners', {
          token: support,
          body: { partnerId: 'lonely-res', name: 'Lonely', kind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'missing-prov' },
        }),
        422,
        'INDIRECT_PROVIDER_NOT_ENROLLED',
      );
      expectProblem(
        await ledger.call('POST', '/v1/partners', { token: await ledger.globalAdmin(randomUUID()), body: { partnerId: 'x', name: 'X', kind: 'OEM' } }),
        403,
      );
    });

    it('reads: another partner’s request 403, an unknown request or partner 404, a forged link 404', async () => {
      const requested = await requestConsent(direct);
      expectProblem(
        await ledger.call('GET', `/v1/consent-requests/${String(requested.body.requestId)}`, { token: await ledger.partner('tailspin-res') }),
        403,
        'NOT_YOUR_CONSENT_REQUEST',
      );
      expectProblem(await ledger.call('GET', `/v1/consent-requests/${randomUUID()}`, { token: support }), 404, 'CONSENT_REQUEST_NOT_FOUND');
      expectProblem(await ledger.call('GET', '/v1/partners/nobody', { token: support }), 404, 'PARTNER_NOT_ENROLLED');
      expectProblem(await ledger.call('GET', '/v1/partners/contoso-csp', { token: await ledger.partner('tailspin-res') }), 403);
      const partner = await ledger.call('GET', '/v1/partners/contoso-csp', { token: direct });
      expect(partner.body).toMatchObject({ partnerId: 'contoso-csp', name: 'Contoso Partners', kind: 'CSP_DIRECT' });
      const [payload] = linkPath(requested.body.consentLink).split('/').at(-1)!.split('.');
      const forged = `/v1/consent-links/${payload}.${Buffer.alloc(32, 7).toString('base64url')}`;
      expectProblem(await ledger.call('GET', forged, { token: await ledger.globalAdmin(randomUUID()) }), 404, 'CONSENT_LINK_NOT_FOUND');
    });
  });
});
