import { randomUUID } from 'node:crypto';
import { expectProblem, LedgerUnderTest, linkPath, type Answer } from './support/ledger-under-test.js';

describe('OEM consent flows over HTTP', () => {
  let ledger: LedgerUnderTest;
  let support: string;
  let oem: string;

  beforeAll(async () => {
    ledger = await LedgerUnderTest.start();
    support = await ledger.support();
    await ledger.enrol(
      { partnerId: 'oem-devices', name: 'Devices Inc', kind: 'OEM', oemDirectApiEligible: true },
      { partnerId: 'oem-plain', name: 'Plain OEM', kind: 'OEM' },
      { partnerId: 'contoso-csp', name: 'Contoso Partners', kind: 'CSP_DIRECT' },
    );
    oem = await ledger.partner('oem-devices');
  });

  afterAll(async () => {
    await ledger?.stop();
  });

  const accept = (link: unknown, token: string): Promise<Answer> =>
    ledger.call('POST', `${linkPath(link)}/accept`, { token, body: { confirm: true } });
  const revocation = (tenant: string, token: string, partnerId = 'oem-devices'): Promise<Answer> =>
    ledger.call('POST', `/v1/customers/${tenant}/oem-revocation-requests`, { token, body: { partnerId, reason: 'We changed supplier.' } });

  let link: unknown;
  const tenants = [randomUUID(), randomUUID()];

  it('the OEM asks for its link, support issues it, two tenants accept it', async () => {
    expectProblem(await ledger.call('GET', '/v1/partners/oem-devices/oem-consent-link', { token: oem }), 404, 'OEM_CONSENT_LINK_NOT_FOUND');
    const asked = await ledger.call('POST', '/v1/partners/oem-devices/oem-consent-link-requests', { token: oem });
    expect(asked.status).toBe(202);
    expect(asked.headers.get('ledger-position')).toMatch(/^\d+$/);
    expectProblem(await ledger.call('POST', '/v1/partners/oem-devices/oem-consent-link-requests', { token: oem }), 409, 'OEM_CONSENT_LINK_ALREADY_REQUESTED');
    expectProblem(await ledger.call('POST', '/v1/partners/oem-devices/oem-consent-link-requests', { token: await ledger.partner('oem-plain') }), 403);

    const issued = await ledger.call('POST', '/v1/partners/oem-devices/oem-consent-link', { token: support });
    expect(issued.status).toBe(201);
    link = issued.body.consentLink;
    const current = await ledger.call('GET', '/v1/partners/oem-devices/oem-consent-link', { token: oem });
    expect(current.body.consentLink).toBe(link);

    const shown = await ledger.call('GET', linkPath(link), { token: await ledger.globalAdmin(tenants[0]!) });
    expect(shown.body).toMatchObject({
      linkKind: 'OEM_CONSENT_LINK',
      partner: { partnerId: 'oem-devices', name: 'Devices Inc', kind: 'OEM' },
      status: 'active',
      delegatedAdminRequested: false,
      requiresCloudNativeAccount: true,
    });
    for (const tenant of tenants) {
      const accepted = await accept(link, await ledger.globalAdmin(tenant));
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ partnerId: 'oem-devices', customerTenantId: tenant, linkKind: 'OEM_CONSENT_LINK', delegatedAdminGranted: false });
    }
    expectProblem(await accept(link, await ledger.globalAdmin(tenants[0]!)), 409, 'OEM_CONSENT_ALREADY_ACTIVE');
  });

  it('revocation completed: the OEM loses the tenant, which may consent again', async () => {
    const [tenant] = tenants as [string];
    const admin = await ledger.globalAdmin(tenant);
    const requested = await revocation(tenant, admin);
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ revocationRequestId: expect.any(String), status: 'pending' });
    expectProblem(await revocation(tenant, admin), 409, 'OEM_REVOCATION_ALREADY_PENDING');
    const id = String(requested.body.revocationRequestId);
    // Seed: "envoyez une demande à msoemops": only support completes or rejects; the customer cannot remove the OEM itself.
    for (const token of [admin, oem]) {
      expectProblem(await ledger.call('POST', `/v1/oem-revocation-requests/${id}/complete`, { token }), 403);
      expectProblem(await ledger.call('POST', `/v1/oem-revocation-requests/${id}/reject`, { token, body: { reason: 'No.' } }), 403);
    }
    const completed = await ledger.call('POST', `/v1/oem-revocation-requests/${id}/complete`, { token: support });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ revocationRequestId: id, status: 'completed', partnerId: 'oem-devices', customerTenantId: tenant });
    expectProblem(await ledger.call('POST', `/v1/oem-revocation-requests/${id}/complete`, { token: support }), 409, 'NO_PENDING_OEM_REVOCATION');
    expect((await accept(link, admin)).status).toBe(200);
  });

  it('revocation rejected: the OEM stays, support’s reason recorded', async () => {
    const tenant = tenants[1]!;
    const requested = await revocation(tenant, await ledger.globalAdmin(tenant));
    const id = String(requested.body.revocationRequestId);
    expectProblem(await ledger.call('POST', `/v1/oem-revocation-requests/${id}/reject`, { token: support, body: { reason: '   ' } }), 422, 'REASON_REQUIRED');
    expectProblem(await ledger.call('POST', `/v1/oem-revocation-requests/${id}/reject`, { token: support, body: { reason: 'No\u0007' } }), 400);
    const rejected = await ledger.call('POST', `/v1/oem-revocation-requests/${id}/reject`, { token: support, body: { reason: 'Not asked by the tenant.' } });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'Not asked by the tenant.' });
    expectProblem(await ledger.call('POST', `/v1/oem-revocation-requests/${id}/complete`, { token: support }), 409, 'NO_PENDING_OEM_REVOCATION');
    expectProblem(await accept(link, await ledger.globalAdmin(tenant)), 409, 'OEM_CONSENT_ALREADY_ACTIVE');
    const events = (await ledger.eventsOfType('OemRevocationRejected')).filter((event) => event.data.customerTenantId === tenant);
    expect(events).toHaveLength(1);
    expect(events[0]!.metadata).toMatchObject({ actor: { roles: ['support'] }, commandType: 'RejectOemRevocation' });
  });

  describe('refusals', () => {
    it('a federated (not cloud-native) Global Administrator 403; a plain user 403', async () => {
      const tenant = randomUUID();
      expectProblem(await accept(link, await ledger.globalAdmin(tenant, { upn: 'admin@contoso.com' })), 403, 'NOT_CLOUD_NATIVE');
      // A B2B guest's sign-in name in the tenant ends in .onmicrosoft.com, but the account lives in another directory.
      const guest = await ledger.globalAdmin(tenant, { upn: `alice_fabrikam.com#EXT#@${tenant}.onmicrosoft.com` });
      expectProblem(await accept(link, guest), 403, 'NOT_CLOUD_NATIVE');
      expectProblem(await accept(link, await ledger.token({ sub: 'u', tid: tenant, upn: `u@${tenant}.onmicrosoft.com` })), 403, 'NOT_GLOBAL_ADMIN');
    });

    it('a link for an OEM not eligible 422, for a CSP 422; an OEM asking for a CSP consent request 422', async () => {
      expectProblem(await ledger.call('POST', '/v1/partners/oem-plain/oem-consent-link', { token: support }), 422, 'OEM_NOT_ELIGIBLE');
      expectProblem(await ledger.call('POST', '/v1/partners/contoso-csp/oem-consent-link', { token: support }), 422, 'NOT_AN_OEM');
      expectProblem(await ledger.call('POST', '/v1/consent-requests', { token: oem, body: {} }), 422, 'OEM_USES_ITS_CONSENT_LINK');
    });

    it('DAP removal for an OEM 422; revocation of a CSP 422, of another tenant 403, without consent 409; unknown request 404', async () => {
      const tenant = tenants[1]!;
      const admin = await ledger.globalAdmin(tenant);
      expectProblem(await ledger.call('DELETE', `/v1/customers/${tenant}/partners/oem-devices/delegated-admin`, { token: admin }), 422, 'DAP_NEVER_GRANTED_TO_OEM');
      expectProblem(await revocation(tenant, admin, 'contoso-csp'), 422, 'REVOCATION_ONLY_FOR_OEM');
      expectProblem(await revocation(randomUUID(), admin), 403);
      const stranger = randomUUID();
      expectProblem(await revocation(stranger, await ledger.globalAdmin(stranger)), 409, 'OEM_CONSENT_NOT_ACTIVE');
      expectProblem(await ledger.call('POST', '/v1/oem-revocation-requests/not-an-id/complete', { token: support }), 404, 'OEM_REVOCATION_REQUEST_NOT_FOUND');
    });

    it('a replaced link stops working (409); the new one works', async () => {
      const replaced = await ledger.call('POST', '/v1/partners/oem-devices/oem-consent-link', { token: support });
      expect(replaced.status).toBe(201);
      expect(replaced.body).toMatchObject({ replacedEarlierLink: true });
      expect(replaced.body.consentLink).not.toBe(link);
      const tenant = randomUUID();
      const admin = await ledger.globalAdmin(tenant);
      expectProblem(await accept(link, admin), 409, 'OEM_CONSENT_LINK_REPLACED');
      expect((await ledger.call('GET', linkPath(link), { token: admin })).body).toMatchObject({ status: 'replaced' });
      expect((await accept(replaced.body.consentLink, admin)).status).toBe(200);
    });
  });

  describe("support grants and withdraws an OEM's OEM Direct API eligibility", () => {
    const eligibility = (partnerId: string, token: string, body: unknown): Promise<Answer> =>
      ledger.call('PUT', `/v1/partners/${partnerId}/oem-direct-api-eligibility`, { token, body });
    const validate = (token: string, customerTenantId: string, position: string | null): Promise<Answer> =>
      ledger.call('POST', '/v1/device-submissions/validate', {
        token,
        body: { customerTenantId, channel: 'OEM_DIRECT_API' },
        ...(position === null ? {} : { headers: { 'ledger-position': position } }),
      });

    it('withdrawn: its link stops working and its consents no longer authorise it; granted again, both come back', async () => {
      const enrolled = await ledger.call('POST', '/v1/partners', { token: support, body: { partnerId: 'oem-switch', name: 'Switch OEM', kind: 'OEM', oemDirectApiEligible: true } });
      expect(enrolled.status).toBe(201);
      const switchLink = (await ledger.call('POST', '/v1/partners/oem-switch/oem-consent-link', { token: support })).body.consentLink;
      const [first, second] = [randomUUID(), randomUUID()];
      const accepted = await accept(switchLink, await ledger.globalAdmin(first));
      expect(accepted.status).toBe(200);
      const switchOem = await ledger.partner('oem-switch');
      expect((await validate(switchOem, first, accepted.headers.get('ledger-position'))).body).toMatchObject({ authorised: true, basis: 'OEM_CONSENT' });

      const withdrawn = await eligibility('oem-switch', support, { oemDirectApiEligible: false });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({ partnerId: 'oem-switch', kind: 'OEM', oemDirectApiEligible: false });
      const withdrawnAt = withdrawn.headers.get('ledger-position');
      expect(withdrawnAt).toMatch(/^\d+$/);
      expect((await ledger.call('GET', '/v1/partners/oem-switch', { token: support })).body).toMatchObject({ oemDirectApiEligible: false });
      const secondAdmin = await ledger.globalAdmin(second);
      expect((await ledger.call('GET', linkPath(switchLink), { token: secondAdmin })).body).toMatchObject({ status: 'inactive' });
      expectProblem(await accept(switchLink, secondAdmin), 409, 'OEM_CONSENT_LINK_INACTIVE');
      const refused = await validate(switchOem, first, withdrawnAt);
      expect(refused.status).toBe(200);
      expect(refused.body).toMatchObject({ authorised: false });
      expect(String(refused.body.reason)).toMatch(/not eligible for the OEM Direct API/);

      // The same eligibility again records nothing.
      expect((await eligibility('oem-switch', support, { oemDirectApiEligible: false })).status).toBe(200);
      const changes = (await ledger.eventsOfType('OemDirectApiEligibilityChanged')).filter((event) => event.data.partnerId === 'oem-switch');
      expect(changes.map((event) => event.data.oemDirectApiEligible)).toEqual([false]);
      expect(changes[0]!.metadata).toMatchObject({ actor: { roles: ['support'] }, commandType: 'ChangeOemDirectApiEligibility' });

      const granted = await eligibility('oem-switch', support, { oemDirectApiEligible: true });
      expect(granted.body).toMatchObject({ oemDirectApiEligible: true });
      expect((await validate(switchOem, first, granted.headers.get('ledger-position'))).body).toMatchObject({ authorised: true });
      expect((await accept(switchLink, secondAdmin)).status).toBe(200);
    });

    it('withdrawn while its link request waits: the request leaves support’s queue, and once eligible again the OEM may ask again and is queued', async () => {
      await ledger.enrol({ partnerId: 'oem-waiting', name: 'Waiting OEM', kind: 'OEM', oemDirectApiEligible: true });
      const waitingOem = await ledger.partner('oem-waiting');
      const queued = async (position: string | null): Promise<unknown[]> => {
        const queue = await ledger.call('GET', '/v1/oem-consent-link-requests?status=pending', { token: support, headers: { 'ledger-position': String(position) } });
        expect(queue.status).toBe(200);
        return (queue.body.items as { partnerId: string }[]).filter((item) => item.partnerId === 'oem-waiting');
      };
      const asked = await ledger.call('POST', '/v1/partners/oem-waiting/oem-consent-link-requests', { token: waitingOem });
      expect(asked.status).toBe(202);
      expect(await queued(asked.headers.get('ledger-position'))).toHaveLength(1);

      const withdrawn = await eligibility('oem-waiting', support, { oemDirectApiEligible: false });
      expect(withdrawn.body).toMatchObject({ oemDirectApiEligible: false, oemConsentLinkRequested: false });
      expect(await queued(withdrawn.headers.get('ledger-position'))).toHaveLength(0);

      const granted = await eligibility('oem-waiting', support, { oemDirectApiEligible: true });
      expect(granted.body).toMatchObject({ oemDirectApiEligible: true, oemConsentLinkRequested: false });
      const askedAgain = await ledger.call('POST', '/v1/partners/oem-waiting/oem-consent-link-requests', { token: waitingOem });
      expect(askedAgain.status).toBe(202);
      expect(await queued(askedAgain.headers.get('ledger-position'))).toHaveLength(1);
    });

    it('refused to anyone but support (403), for a partner that is not an OEM (422), an unknown one (404), without a boolean (400)', async () => {
      expectProblem(await eligibility('oem-devices', oem, { oemDirectApiEligible: false }), 403);
      expectProblem(await eligibility('contoso-csp', support, { oemDirectApiEligible: true }), 422, 'OEM_ELIGIBILITY_ONLY_FOR_OEM');
      expectProblem(await eligibility('no-such-partner', support, { oemDirectApiEligible: true }), 404, 'PARTNER_NOT_ENROLLED');
      expectProblem(await eligibility('oem-devices', support, { oemDirectApiEligible: 'no' }), 400);
      expectProblem(await eligibility('oem-devices', support, {}), 400);
      expect((await ledger.call('GET', '/v1/partners/oem-devices', { token: support })).body).toMatchObject({ oemDirectApiEligible: true });
    });
  });
});
