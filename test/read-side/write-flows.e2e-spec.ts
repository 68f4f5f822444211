import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { isLedgerEventType } from '@ledger/consent-domain';
import { READ_MODELS_FILE, rebuildReadModels } from '@ledger/projections';
import { LedgerOverHttp, type Reply } from './support/ledger-over-http.js';
import { dumpReadModels } from './support/read-model-dump.js';

const API = 'PARTNER_CENTER_API';
const CSV = 'PARTNER_CENTER_UI_CSV';
const OEM_API = 'OEM_DIRECT_API';

/**
 * Every read model fed by the write routes, each read made right after its write with the write's
 * `Ledger-Position` (read-your-writes): nothing here appends through the port.
 */
describe('the read side fed by the write routes', () => {
  let ledger: LedgerOverHttp;
  let support: string;
  const token: Record<string, string> = {};

  const expectWritten = (reply: Reply, status: number): string => {
    expect({ status: reply.status, body: reply.body }).toMatchObject({ status });
    expect(reply.position).toMatch(/^\d+$/);
    return reply.position!;
  };
  const authorisationOf = async (partnerId: string, tenant: string, position: string): Promise<any> => {
    const page = await ledger.read(`/v1/partners/${partnerId}/registration-authorisations?limit=500`, token[partnerId]!, position);
    expect(page.status).toBe(200);
    return page.body.items.find((row: any) => row.customerTenantId === tenant);
  };
  const customersOf = async (partnerId: string, position: string): Promise<any[]> => {
    const page = await ledger.read(`/v1/partners/${partnerId}/customers?limit=500`, token[partnerId]!, position);
    expect(page.status).toBe(200);
    return page.body.items;
  };
  /** A CSP's consent request, accepted by the tenant's Global Administrator; the position of the acceptance. */
  const consentThroughCsp = async (partnerId: string, tenant: string, request: Record<string, unknown> = {}): Promise<{ requestId: string; position: string }> => {
    const requested = await ledger.call('POST', '/v1/consent-requests', token[partnerId]!, request);
    expectWritten(requested, 201);
    const accepted = await ledger.call('POST', `${LedgerOverHttp.linkPath(requested.body.consentLink)}/accept`, await ledger.globalAdmin(tenant), { confirm: true });
    return { requestId: requested.body.requestId, position: expectWritten(accepted, 200) };
  };

  beforeAll(async () => {
    ledger = await LedgerOverHttp.start();
    support = await ledger.support();
    for (const body of [
      { partnerId: 'contoso-csp', name: 'Contoso Partners', kind: 'CSP_DIRECT' },
      { partnerId: 'fabrikam-dist', name: 'Fabrikam Distribution', kind: 'CSP_INDIRECT_PROVIDER' },
      { partnerId: 'tailspin-res', name: 'Tailspin Resellers', kind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'fabrikam-dist' },
      { partnerId: 'oem-devices', name: 'Devices Inc', kind: 'OEM', oemDirectApiEligible: true },
    ]) {
      expectWritten(await ledger.call('POST', '/v1/partners', support, body), 201);
      token[body.partnerId] = await ledger.partner(body.partnerId);
    }
  });

  afterAll(async () => {
    await ledger?.stop();
  });

  it('CSP direct: listed with DAP and authorised on both Partner Center channels; DAP removal changes nothing else', async () => {
    const tenant = randomUUID();
    const { requestId, position } = await consentThroughCsp('contoso-csp', tenant, { customerTenantId: tenant, delegatedAdminRequested: true });

    const status = await ledger.read(`/v1/consent-requests/${requestId}`, token['contoso-csp']!, position);
    expect(status.body).toMatchObject({ requestId, status: 'accepted', customerTenantId: tenant, acceptedBy: { tenantId: tenant } });
    expect(BigInt(status.position!)).toBeGreaterThanOrEqual(BigInt(position));
    expect(await customersOf('contoso-csp', position)).toContainEqual({ customerTenantId: tenant, acceptedAt: expect.any(String), delegatedAdmin: true });
    const authorised = await authorisationOf('contoso-csp', tenant, position);
    expect(authorised).toMatchObject({ authorised: true, basis: 'DIRECT_CONSENT', channels: [API, CSV], delegatedAdmin: true, revocationPending: false });
    const partners = await ledger.read(`/v1/customers/${tenant}/partners`, await ledger.globalAdmin(tenant), position);
    expect(partners.body.items).toEqual([expect.objectContaining({ partnerId: 'contoso-csp', kind: 'CSP_DIRECT', authorised: true, delegatedAdmin: true })]);
    for (const channel of [API, CSV]) {
      expect((await ledger.validate(token['contoso-csp']!, tenant, channel, position)).body).toMatchObject({ authorised: true, basis: 'DIRECT_CONSENT' });
    }

    const removed = await ledger.call('DELETE', `/v1/customers/${tenant}/partners/contoso-csp/delegated-admin`, await ledger.globalAdmin(tenant));
    const afterRemoval = expectWritten(removed, 200);
    expect(await authorisationOf('contoso-csp', tenant, afterRemoval)).toEqual({ ...authorised, delegatedAdmin: false });
    expect(await customersOf('contoso-csp', afterRemoval)).toContainEqual(expect.objectContaining({ customerTenantId: tenant, delegatedAdmin: false }));
    expect((await ledger.validate(token['contoso-csp']!, tenant, API, afterRemoval)).body).toMatchObject({ authorised: true });
  });

  it('indirect reseller: the reseller may upload the CSV only; its provider lists the customer, marked, and may use both', async () => {
    const tenant = randomUUID();
    const { position } = await consentThroughCsp('tailspin-res', tenant);

    expect(await authorisationOf('tailspin-res', tenant, position)).toMatchObject({ authorised: true, basis: 'DIRECT_CONSENT', channels: [CSV] });
    expect((await ledger.validate(token['tailspin-res']!, tenant, API, position)).body).toMatchObject({ authorised: false, reasonCode: 'CHANNEL_NOT_ALLOWED' });
    expect((await ledger.validate(token['tailspin-res']!, tenant, CSV, position)).body).toMatchObject({ authorised: true });

    expect(await customersOf('fabrikam-dist', position)).toContainEqual(expect.objectContaining({ customerTenantId: tenant, viaResellerId: 'tailspin-res' }));
    expect(await authorisationOf('fabrikam-dist', tenant, position)).toMatchObject({ authorised: true, basis: 'VIA_RESELLER', viaResellerId: 'tailspin-res', channels: [API, CSV] });
    expect((await ledger.validate(token['fabrikam-dist']!, tenant, API, position)).body).toMatchObject({ authorised: true, basis: 'VIA_RESELLER' });
    // A partner never sees another partner's customers.
    expect((await customersOf('contoso-csp', position)).map((row) => row.customerTenantId)).not.toContain(tenant);
    expect((await ledger.read('/v1/partners/tailspin-res/customers', token['contoso-csp']!, position)).status).toBe(403);
  });

  it('OEM: link asked and issued (the queue), consent, revocation pending (flagged), completed (refused), consent again (authorised)', async () => {
    const asked = expectWritten(await ledger.call('POST', '/v1/partners/oem-devices/oem-consent-link-requests', token['oem-devices']!), 202);
    const waiting = await ledger.read('/v1/oem-consent-link-requests?status=pending', support, asked);
    expect(waiting.body.items).toEqual([expect.objectContaining({ partnerId: 'oem-devices', partnerName: 'Devices Inc', status: 'pending' })]);
    const issued = await ledger.call('POST', '/v1/partners/oem-devices/oem-consent-link', support);
    const afterIssue = expectWritten(issued, 201);
    expect((await ledger.read('/v1/oem-consent-link-requests?status=pending', support, afterIssue)).body.items).toEqual([]);

    const tenant = randomUUID();
    const admin = await ledger.globalAdmin(tenant);
    const acceptLink = async (): Promise<string> =>
      expectWritten(await ledger.call('POST', `${LedgerOverHttp.linkPath(issued.body.consentLink)}/accept`, admin, { confirm: true }), 200);
    const consented = await acceptLink();
    expect(await authorisationOf('oem-devices', tenant, consented)).toMatchObject({ authorised: true, basis: 'OEM_CONSENT', channels: [OEM_API], revocationPending: false });
    expect((await ledger.validate(token['oem-devices']!, tenant, API, consented)).body).toMatchObject({ authorised: false, reasonCode: 'CHANNEL_NOT_ALLOWED' });

    const revocation = await ledger.call('POST', `/v1/customers/${tenant}/oem-revocation-requests`, admin, { partnerId: 'oem-devices', reason: 'We changed supplier.' });
    const pending = expectWritten(revocation, 202);
    expect((await ledger.validate(token['oem-devices']!, tenant, OEM_API, pending)).body).toMatchObject({ authorised: true, revocationPending: true });
    expect(await authorisationOf('oem-devices', tenant, pending)).toMatchObject({ authorised: true, revocationPending: true });
    const queue = await ledger.read('/v1/oem-revocation-requests?status=pending', support, pending);
    expect(queue.body.items).toContainEqual(
      expect.objectContaining({ revocationRequestId: revocation.body.revocationRequestId, partnerId: 'oem-devices', customerTenantId: tenant, reason: 'We changed supplier.', ageSeconds: expect.any(Number) }),
    );
    const partners = await ledger.read(`/v1/customers/${tenant}/partners`, admin, pending);
    expect(partners.body.items[0]).toMatchObject({ partnerId: 'oem-devices', authorised: true, oemRevocation: { status: 'pending' } });

    const completed = expectWritten(await ledger.call('POST', `/v1/oem-revocation-requests/${revocation.body.revocationRequestId}/complete`, support), 200);
    expect((await ledger.validate(token['oem-devices']!, tenant, OEM_API, completed)).body).toMatchObject({ authorised: false, reasonCode: 'OEM_REVOCATION_COMPLETED' });
    expect((await ledger.read('/v1/oem-revocation-requests?status=pending', support, completed)).body.items).toEqual([]);

    const again = await acceptLink();
    expect((await ledger.validate(token['oem-devices']!, tenant, OEM_API, again)).body).toMatchObject({ authorised: true, revocationPending: false });
    expect(await authorisationOf('oem-devices', tenant, again)).toMatchObject({ authorised: true, revocationPending: false });
  });

  it('a cancelled request authorises nothing', async () => {
    const tenant = randomUUID();
    const requested = await ledger.call('POST', '/v1/consent-requests', token['contoso-csp']!, { customerTenantId: tenant });
    expectWritten(requested, 201);
    const pending = await ledger.validate(token['contoso-csp']!, tenant, API, requested.position);
    expect(pending.body).toMatchObject({ authorised: false, reasonCode: 'CONSENT_REQUEST_PENDING' });
    const cancelled = expectWritten(await ledger.call('POST', `/v1/consent-requests/${requested.body.requestId}/cancel`, token['contoso-csp']!), 200);
    expect((await ledger.read(`/v1/consent-requests/${requested.body.requestId}`, token['contoso-csp']!, cancelled)).body).toMatchObject({ status: 'cancelled' });
    expect((await ledger.validate(token['contoso-csp']!, tenant, API, cancelled)).body).toMatchObject({ authorised: false, reasonCode: 'NO_CONSENT' });
    expect(await authorisationOf('contoso-csp', tenant, cancelled)).toBeUndefined();
    expect((await customersOf('contoso-csp', cancelled)).map((row) => row.customerTenantId)).not.toContain(tenant);
  });

  it('a restart in the middle of a stream of writes: every acknowledged write is visible once, the read model equals a rebuild from 0', async () => {
    const tenants = Array.from({ length: 24 }, () => randomUUID());
    const acknowledged: string[] = [];
    let restarting: Promise<void> | undefined;
    await Promise.all(
      tenants.map(async (tenant, index) => {
        try {
          await consentThroughCsp('contoso-csp', tenant, { customerTenantId: tenant });
          acknowledged.push(tenant);
        } catch {
          // Cut off by the restart: recorded or not, the comparison with the rebuild below covers it.
        }
        // Half-way through the stream the service restarts while the other writes are in flight.
        if (index === tenants.length / 2) restarting ??= ledger.restart({ CONSENT_LINK_TTL: '1s' });
      }),
    );
    expect(restarting).toBeDefined();
    await restarting;
    expect(acknowledged.length).toBeGreaterThan(0);

    const last = expectWritten(await ledger.call('POST', '/v1/consent-requests', token['contoso-csp']!, {}), 201);
    const listed = (await customersOf('contoso-csp', last)).map((row) => row.customerTenantId);
    for (const tenant of acknowledged) expect(listed.filter((listedTenant) => listedTenant === tenant)).toHaveLength(1);

    let ledgerEvents = 0;
    for await (const event of ledger.eventStore.readAll()) if (isLedgerEventType(event.type)) ledgerEvents += 1;
    const live = dumpReadModels(join(ledger.dataDir, READ_MODELS_FILE));
    expect(live.events).toBe(ledgerEvents);
    const rebuilt = join(ledger.dataDir, 'rebuilt.sqlite');
    await rebuildReadModels({ eventStore: ledger.eventStore, databasePath: rebuilt });
    expect(dumpReadModels(rebuilt)).toEqual(live);
  });

  it('an expired request authorises nothing (the service restarted with one-second consent links)', async () => {
    const tenant = randomUUID();
    const requested = await ledger.call('POST', '/v1/consent-requests', token['contoso-csp']!, { customerTenantId: tenant });
    const position = expectWritten(requested, 201);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await ledger.read(`/v1/consent-requests/${requested.body.requestId}`, token['contoso-csp']!, position)).body).toMatchObject({ status: 'expired' });
    expect((await ledger.validate(token['contoso-csp']!, tenant, API, position)).body).toMatchObject({ authorised: false, reasonCode: 'NO_CONSENT' });
    expect(await authorisationOf('contoso-csp', tenant, position)).toBeUndefined();
  });
});
