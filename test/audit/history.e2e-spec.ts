import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamOf, type LedgerEvent } from '@ledger/consent-domain';
import { EventStore, type JsonObject } from '@ledger/event-store';
import { leafHash, verifyCheckpoint, verifyConsentReceipt } from '@ledger/ledger-proofs';
import { ledgerEvents as e } from '@ledger/projections';
import { LedgerIndexer } from '../../apps/ledger-api/src/audit/ledger-index/ledger-indexer.js';
import { createLedgerApi, type LedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';
import { mintLocalToken } from '../../apps/ledger-api/src/identity/index.js';
import { Notary } from '../../apps/ledger-api/src/notary/notary.js';
import { auditEnvironment } from './support/audit-environment.js';
import { appendChained } from './support/chained-append.js';
import { referenceInclusionRoot } from './support/merkle-reference.js';

const TENANT_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const TENANT_B = 'bbbbbbbb-0000-4000-8000-00000000000b';
const PARTNERS = ['p-direct', 'p-prov', 'p-res', 'p-oem'];
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('audit of a scripted history: as-of authorisations, customer timeline, consent receipts', () => {
  let api: LedgerApi;
  let dataDir: string;
  let store: EventStore;
  let auditor: string;
  let lastPosition = 0n;
  const snapshots: { asOf: string; byPartner: Record<string, unknown> }[] = [];

  const get = async (path: string, token = auditor): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: JSON.parse(await response.text()) };
  };

  const record = async (...events: LedgerEvent[]): Promise<void> => {
    for (const event of events) {
      const outcome = await appendChained(store, streamOf(event), [{ type: event.type, data: event.data as unknown as JsonObject }]);
      lastPosition = outcome.position;
    }
  };

  /** The live read model after a step, and the instant it stood for (before the next step is recorded). */
  const snapshot = async (): Promise<void> => {
    const byPartner: Record<string, unknown> = {};
    for (const partnerId of PARTNERS) {
      const after = lastPosition > 0n ? `&minPosition=${lastPosition}` : '';
      const live = await get(`/v1/partners/${partnerId}/registration-authorisations?limit=500${after}`);
      expect(live).toMatchObject({ status: 200 });
      byPartner[partnerId] = live.body;
    }
    snapshots.push({ asOf: new Date().toISOString(), byPartner });
    await pause(5); // the next step is recorded strictly after this instant
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-audit-history-'));
    api = await createLedgerApi({ environment: auditEnvironment(dataDir) });
    store = api.app.get(EventStore);
    auditor = await mintLocalToken(dataDir, { sub: 'auditor-1', tid: 'ops-tenant', roles: ['auditor'] });

    await snapshot();
    await record(
      e.partnerEnrolled('p-direct', 'CSP_DIRECT', { name: 'Fabrikam Direct' }),
      e.partnerEnrolled('p-prov', 'CSP_INDIRECT_PROVIDER'),
      e.partnerEnrolled('p-res', 'CSP_INDIRECT_RESELLER', { indirectProviderId: 'p-prov' }),
      e.partnerEnrolled('p-oem', 'OEM', { oemDirectApiEligible: true }),
    );
    await snapshot();
    await record(e.consentRequested('req-1', 'p-direct', { delegatedAdminRequested: true }));
    await snapshot();
    await record(
      e.requestAccepted('req-1', 'p-direct', TENANT_A),
      e.cspConsentAccepted('req-1', 'p-direct', TENANT_A, { delegatedAdminGranted: true }),
    );
    await snapshot();
    await record(
      e.consentRequested('req-2', 'p-res', { customerTenantId: TENANT_B, partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'p-prov' }),
      e.requestAccepted('req-2', 'p-res', TENANT_B),
      e.cspConsentAccepted('req-2', 'p-res', TENANT_B, { partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'p-prov' }),
    );
    await snapshot();
    await record(e.dapRemoved('p-direct', TENANT_A), e.oemConsentAccepted('p-oem', 'link-1', TENANT_A));
    await snapshot();
    await record(e.revocationRequested('rev-1', 'p-oem', TENANT_A));
    await snapshot();
    await record(e.revocationCompleted('rev-1', 'p-oem', TENANT_A), e.consentRequested('req-3', 'p-direct', { customerTenantId: TENANT_B }));
    await snapshot();
  });

  afterAll(async () => {
    await api.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers, for every instant of the script, exactly what the live read model said then', async () => {
    expect(snapshots).toHaveLength(8);
    for (const { asOf, byPartner } of snapshots) {
      for (const partnerId of PARTNERS) {
        const answer = await get(`/v1/audit/partners/${partnerId}/registration-authorisations?asOf=${asOf}&limit=500`);
        expect({ asOf, partnerId, body: answer.body }).toEqual({ asOf, partnerId, body: byPartner[partnerId] });
      }
    }
    // The script did change the answers over time (the comparison is not between empty lists).
    const oem = snapshots.map((s) => (s.byPartner['p-oem'] as { items: { authorised: boolean; revocationPending: boolean }[] }).items);
    expect(oem[4]).toEqual([]);
    expect(oem[5]).toEqual([expect.objectContaining({ authorised: true, revocationPending: false })]);
    expect(oem[6]).toEqual([expect.objectContaining({ authorised: true, revocationPending: true })]);
    expect(oem[7]).toEqual([expect.objectContaining({ authorised: false })]);
  });

  it('refuses an as-of without a valid instant, and callers other than auditors', async () => {
    expect((await get('/v1/audit/partners/p-direct/registration-authorisations?asOf=yesterday')).status).toBe(400);
    expect((await get('/v1/audit/partners/p-direct/registration-authorisations')).status).toBe(400);
    // An instant without a time zone would be read in the server's own zone.
    const zoneless = await get('/v1/audit/partners/p-direct/registration-authorisations?asOf=2026-03-01T10:00:00');
    expect(zoneless.status).toBe(400);
    expect(zoneless.body.errors[0].field).toBe('asOf');
    expect((await get('/v1/audit/partners/p-direct/registration-authorisations?asOf=2026-03-01T10:00:00%2B01:00')).status).toBe(200);
    const partner = await mintLocalToken(dataDir, { sub: 'x', tid: 't', roles: ['partner'], partnerId: 'p-direct' });
    expect((await get(`/v1/audit/partners/p-direct/registration-authorisations?asOf=${snapshots[3]!.asOf}`, partner)).status).toBe(403);
  });

  it('the as-of reads its writes like every read: waits for the asked position, 503 when behind, 400 for a bad one', async () => {
    const at = `/v1/audit/partners/p-direct/registration-authorisations?asOf=${encodeURIComponent(new Date().toISOString())}`;
    expect((await get(`${at}&minPosition=${lastPosition}`)).status).toBe(200);
    const behind = await get(`${at}&minPosition=${lastPosition + 1_000_000n}`);
    expect(behind.status).toBe(503);
    expect((await get(`${at}&minPosition=abc`)).status).toBe(400);
  }, 15_000);

  it("tells a customer's whole story in order, readably, a page at a time", async () => {
    const all = await get(`/v1/audit/customers/${TENANT_A}/timeline?minPosition=${lastPosition}`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((item: { type: string }) => item.type)).toEqual([
      'ConsentRequested',
      'ConsentRequestAccepted',
      'ConsentAccepted',
      'DapRemoved',
      'ConsentAccepted',
      'OemRevocationRequested',
      'OemRevocationCompleted',
    ]);
    expect(all.body.items[2]).toMatchObject({
      summary: `admin@aaaaaaaa.onmicrosoft.com, Global Administrator, accepted partner p-direct (CSP_DIRECT) with delegated admin rights (DAP)`,
      stream: `relationship-p-direct_${TENANT_A}`,
      chainHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const first = await get(`/v1/audit/customers/${TENANT_A}/timeline?limit=4`);
    const rest = await get(`/v1/audit/customers/${TENANT_A}/timeline?limit=4&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...rest.body.items]).toEqual(all.body.items);
    expect(rest.body.nextCursor).toBeNull();
    const other = await get(`/v1/audit/customers/${TENANT_B}/timeline`);
    expect(other.body.items.map((item: { type: string }) => item.type)).toEqual([
      'ConsentRequested',
      'ConsentRequestAccepted',
      'ConsentAccepted',
      'ConsentRequested',
    ]);
    expect((await get(`/v1/audit/customers/${TENANT_A}/timeline?cursor=%25%25`)).status).toBe(400);
  });

  it('signs a consent receipt whose evidence an auditor checks: signature, checkpoint, inclusion', async () => {
    const unsigned = await get('/v1/consent-requests/req-1/receipt');
    expect(unsigned.status).toBe(200);
    expect(unsigned.body.receipt.ledger.coveringCheckpoint).toBeNull();

    expect(await api.app.get(LedgerIndexer).reached(lastPosition, 10_000)).toBe(true);
    await api.app.get(Notary).checkpointNow();
    const admin = await mintLocalToken(dataDir, { sub: 'ga-a', tid: TENANT_A, wids: ['62e90394-69f5-4237-9190-012177145e10'] });
    const { status, body } = await get('/v1/consent-requests/req-1/receipt', admin);
    expect(status).toBe(200);
    const jwks = (await get('/v1/audit/public-key')).body;
    const receipt = await verifyConsentReceipt(body.jws, jwks);
    expect(receipt).toMatchObject({
      piiPrincipalId: TENANT_A,
      services: [{ purposes: [{ purpose: 'Windows Autopilot device registration', thirdPartyName: 'Fabrikam Direct' }] }],
      ledger: { consentRequestId: 'req-1', partnerId: 'p-direct', delegatedAdmin: true, givenBy: { userPrincipalName: 'admin@aaaaaaaa.onmicrosoft.com' } },
    });
    const { coveringCheckpoint, inclusionProof, eventChainHash } = receipt.ledger;
    expect(verifyCheckpoint(coveringCheckpoint!, jwks)).toEqual({ ok: true });
    const leaf = leafHash(Buffer.from(eventChainHash, 'hex'));
    expect(referenceInclusionRoot(inclusionProof!.leafIndex, inclusionProof!.treeSize, leaf, inclusionProof!.inclusionPath)).toBe(
      coveringCheckpoint!.rootHash,
    );
  });

  it('signs the receipt of any acceptance on a relationship: an OEM link (no consent request) and a CSP request', async () => {
    expect(await api.app.get(LedgerIndexer).reached(lastPosition, 10_000)).toBe(true);
    await api.app.get(Notary).checkpointNow();
    const jwks = (await get('/v1/audit/public-key')).body;
    const admin = await mintLocalToken(dataDir, { sub: 'ga-a', tid: TENANT_A, wids: ['62e90394-69f5-4237-9190-012177145e10'] });

    // The OEM's consent was revoked since: the receipt is of the acceptance as it was given.
    const oem = await get(`/v1/customers/${TENANT_A}/partners/p-oem/consent-receipt`, admin);
    expect(oem.status).toBe(200);
    const oemReceipt = await verifyConsentReceipt(oem.body.jws, jwks);
    expect(oemReceipt.piiPrincipalId).toBe(TENANT_A);
    expect(oemReceipt.ledger).toMatchObject({ link: { kind: 'OEM_CONSENT_LINK', linkId: 'link-1' }, partnerId: 'p-oem', delegatedAdmin: false });
    expect(oemReceipt.ledger).not.toHaveProperty('consentRequestId');
    const { coveringCheckpoint, inclusionProof, eventChainHash } = oemReceipt.ledger;
    expect(verifyCheckpoint(coveringCheckpoint!, jwks)).toEqual({ ok: true });
    const leaf = leafHash(Buffer.from(eventChainHash, 'hex'));
    expect(referenceInclusionRoot(inclusionProof!.leafIndex, inclusionProof!.treeSize, leaf, inclusionProof!.inclusionPath)).toBe(coveringCheckpoint!.rootHash);

    // The CSP acceptance of the same customer, by event id: the same receipt as the consent request's route gives.
    const viaRequest = await verifyConsentReceipt((await get('/v1/consent-requests/req-1/receipt')).body.jws, jwks);
    const byEvent = await get(`/v1/customers/${TENANT_A}/partners/p-direct/consent-receipt?eventId=${viaRequest.consentReceiptID}`);
    expect(byEvent.status).toBe(200);
    expect(await verifyConsentReceipt(byEvent.body.jws, jwks)).toEqual(viaRequest);
    expect(viaRequest.ledger.link).toEqual({ kind: 'CSP_CONSENT_REQUEST', requestId: 'req-1' });
  });

  it('refuses a relationship receipt to others, without an acceptance, and for a malformed event id', async () => {
    const otherAdmin = await mintLocalToken(dataDir, { sub: 'ga-b', tid: TENANT_B });
    expect((await get(`/v1/customers/${TENANT_A}/partners/p-oem/consent-receipt`, otherAdmin)).status).toBe(403);
    const otherPartner = await mintLocalToken(dataDir, { sub: 'x', tid: 't', roles: ['partner'], partnerId: 'p-res' });
    expect((await get(`/v1/customers/${TENANT_A}/partners/p-oem/consent-receipt`, otherPartner)).status).toBe(403);
    expect((await get(`/v1/customers/${TENANT_B}/partners/p-oem/consent-receipt`)).status).toBe(404);
    expect((await get(`/v1/customers/${TENANT_A}/partners/p-oem/consent-receipt?eventId=0b5e7c1e-3f0a-4a8e-9d59-2f1f6c6a0e11`)).status).toBe(404);
    expect((await get(`/v1/customers/${TENANT_A}/partners/p-oem/consent-receipt?eventId=nope`)).status).toBe(400);
  });

  it('refuses a receipt to others, for an unknown request, and before acceptance', async () => {
    const otherPartner = await mintLocalToken(dataDir, { sub: 'x', tid: 't', roles: ['partner'], partnerId: 'p-res' });
    expect((await get('/v1/consent-requests/req-1/receipt', otherPartner)).status).toBe(403);
    const otherAdmin = await mintLocalToken(dataDir, { sub: 'ga-b', tid: TENANT_B });
    expect((await get('/v1/consent-requests/req-1/receipt', otherAdmin)).status).toBe(403);
    expect((await get('/v1/consent-requests/nope/receipt')).status).toBe(404);
    expect((await get('/v1/consent-requests/req-3/receipt')).status).toBe(409);
  });
});
