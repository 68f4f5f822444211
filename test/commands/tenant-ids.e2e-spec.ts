import { randomUUID } from 'node:crypto';
import { GLOBAL_ADMINISTRATOR_ROLE_ID } from '../../apps/ledger-api/src/identity/index.js';
import { LedgerUnderTest, linkPath, type Answer } from './support/ledger-under-test.js';

/**
 * A tenant id is an Entra directory id, a GUID, which compares without case (RFC 4122: "case insensitive on input");
 * Entra's `tid` claim is lower case, while partner systems and support tools often hold the same GUID in upper case.
 */
describe('tenant ids compare without case', () => {
  let ledger: LedgerUnderTest;
  let support: string;
  let direct: string;

  beforeAll(async () => {
    ledger = await LedgerUnderTest.start();
    support = await ledger.support();
    await ledger.enrol(
      { partnerId: 'contoso-csp', name: 'Contoso Partners', kind: 'CSP_DIRECT' },
      { partnerId: 'litware-oem', name: 'Litware', kind: 'OEM', oemDirectApiEligible: true },
    );
    direct = await ledger.partner('contoso-csp');
  });

  afterAll(async () => {
    await ledger?.stop();
  });

  const after = (write: Answer): { headers: Record<string, string> } => ({ headers: { 'ledger-position': String(write.headers.get('ledger-position')) } });

  it('a link bound to the upper-case tenant id is accepted by that tenant’s Global Administrator, and every route finds the customer by either spelling', async () => {
    const tenant = randomUUID();
    const upper = tenant.toUpperCase();
    const requested = await ledger.call('POST', '/v1/consent-requests', {
      token: direct,
      body: { customerTenantId: upper, delegatedAdminRequested: true, adminRoles: ['Helpdesk Administrator'] },
    });
    expect(requested.status).toBe(201);
    const admin = await ledger.globalAdmin(tenant);
    const accepted = await ledger.call('POST', `${linkPath(requested.body.consentLink)}/accept`, { token: admin, body: { confirm: true } });
    expect({ status: accepted.status, code: accepted.body.code }).toEqual({ status: 200, code: undefined });
    expect(accepted.body).toMatchObject({ customerTenantId: tenant });

    for (const customerTenantId of [tenant, upper]) {
      const verdict = await ledger.call('POST', '/v1/device-submissions/validate', {
        token: direct,
        body: { customerTenantId, channel: 'PARTNER_CENTER_API' },
        ...after(accepted),
      });
      expect(verdict.body).toMatchObject({ authorised: true, basis: 'DIRECT_CONSENT' });
      const partners = await ledger.call('GET', `/v1/customers/${customerTenantId}/partners`, { token: admin, ...after(accepted) });
      expect(partners.status).toBe(200);
      expect(partners.body.items).toEqual([expect.objectContaining({ partnerId: 'contoso-csp', delegatedAdmin: true })]);
    }
    const customers = await ledger.call('GET', '/v1/partners/contoso-csp/customers', { token: direct, ...after(accepted) });
    expect(customers.body.items).toEqual([expect.objectContaining({ customerTenantId: tenant })]);

    const removed = await ledger.call('DELETE', `/v1/customers/${upper}/partners/contoso-csp/delegated-admin`, { token: admin });
    expect(removed.status).toBe(200);
    const timeline = await ledger.call('GET', `/v1/audit/customers/${upper}/timeline`, {
      token: await ledger.token({ sub: 'auditor-1', tid: 'operator-tenant', roles: ['auditor'] }),
      ...after(removed),
    });
    expect((timeline.body.items as { type: string }[]).map((item) => item.type)).toEqual(
      expect.arrayContaining(['ConsentRequested', 'ConsentAccepted', 'DapRemoved']),
    );
  });

  it('an OEM consent given under an upper-case tid is the same customer as its lower-case spelling', async () => {
    const tenant = randomUUID();
    const upper = tenant.toUpperCase();
    const link = await ledger.call('POST', '/v1/partners/litware-oem/oem-consent-link', { token: support });
    expect(link.status).toBe(201);
    const admin = await ledger.token({ sub: `ga-${tenant}`, tid: upper, wids: [GLOBAL_ADMINISTRATOR_ROLE_ID], upn: 'admin@litwarecustomer.onmicrosoft.com' });
    const accepted = await ledger.call('POST', `${linkPath(link.body.consentLink)}/accept`, { token: admin, body: { confirm: true } });
    expect(accepted.status).toBe(200);
    // Recorded in the one spelling, the metadata's actor as the data's acceptor.
    const [consent] = (await ledger.eventsOfType('ConsentAccepted')).filter((event) => event.data.customerTenantId === tenant);
    expect(consent!.data.acceptedBy).toMatchObject({ tenantId: tenant });
    expect(consent!.metadata.actor).toMatchObject({ sub: `ga-${tenant}`, tid: tenant });

    const verdict = await ledger.call('POST', '/v1/device-submissions/validate', {
      token: await ledger.partner('litware-oem'),
      body: { customerTenantId: tenant, channel: 'OEM_DIRECT_API' },
      ...after(accepted),
    });
    expect(verdict.body).toMatchObject({ authorised: true, basis: 'OEM_CONSENT' });
    const again = await ledger.call('POST', `${linkPath(link.body.consentLink)}/accept`, { token: await ledger.globalAdmin(tenant), body: { confirm: true } });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'OEM_CONSENT_ALREADY_ACTIVE' });
    const revocation = await ledger.call('POST', `/v1/customers/${tenant}/oem-revocation-requests`, {
      token: admin,
      body: { partnerId: 'litware-oem', reason: 'we no longer buy from them' },
    });
    expect(revocation.status).toBe(202);
  });
});
