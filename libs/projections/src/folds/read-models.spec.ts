import type { LedgerEvent } from '@ledger/consent-domain';
import {
  authorisationOf,
  consentRequestView,
  customerList,
  customerPartners,
  oemConsentLinkQueue,
  oemRevocationQueue,
  oemRevocationRequest,
  registrationAuthorisations,
  unfinishedCspAcceptances,
} from '../index.js';
import { InMemoryReadModels } from '../store/in-memory-read-models.js';
import * as ev from '../testing/ledger-events.js';
import { applyLedgerEvent } from './apply-ledger-event.js';

const CONTOSO = '11111111-1111-4111-8111-111111111111';
const FABRIKAM = '22222222-2222-4222-8222-222222222222';
const NOW = new Date('2026-03-10T10:00:00.000Z');

const fold = (...events: LedgerEvent[]): InMemoryReadModels => {
  const store = new InMemoryReadModels();
  events.forEach((event, index) => applyLedgerEvent(store, event, BigInt(index + 1)));
  return store;
};
const all = { limit: 500 };

describe('read models folded from the ledger', () => {
  it('CSP direct: listed with DAP, authorised through the API and the CSV upload', () => {
    const store = fold(
      ev.partnerEnrolled('CSP1', 'CSP_DIRECT'),
      ev.consentRequested('R1', 'CSP1', { customerTenantId: CONTOSO, delegatedAdminRequested: true }),
      ev.requestAccepted('R1', 'CSP1', CONTOSO),
      ev.cspConsentAccepted('R1', 'CSP1', CONTOSO, { delegatedAdminGranted: true }),
    );
    expect(customerList(store, 'CSP1', all)).toEqual({
      items: [{ customerTenantId: CONTOSO, acceptedAt: ev.AT, delegatedAdmin: true }],
      nextCursor: null,
    });
    expect(registrationAuthorisations(store, 'CSP1', all).items).toEqual([
      expect.objectContaining({
        customerTenantId: CONTOSO,
        authorised: true,
        basis: 'DIRECT_CONSENT',
        channels: ['PARTNER_CENTER_API', 'PARTNER_CENTER_UI_CSV'],
        since: ev.AT,
        delegatedAdmin: true,
        revocationPending: false,
      }),
    ]);
    expect(customerPartners(store, CONTOSO, all).items).toEqual([
      expect.objectContaining({ partnerId: 'CSP1', name: 'CSP1 Ltd', kind: 'CSP_DIRECT', delegatedAdmin: true, authorised: true }),
    ]);
    expect(consentRequestView(store, 'R1', NOW)?.status).toBe('accepted');
  });

  it('DAP removal changes DAP and nothing of the authorisation', () => {
    const events = [
      ev.partnerEnrolled('CSP1', 'CSP_DIRECT'),
      ev.cspConsentAccepted('R1', 'CSP1', CONTOSO, { delegatedAdminGranted: true }),
    ];
    const before = registrationAuthorisations(fold(...events), 'CSP1', all).items[0]!;
    const store = fold(...events, ev.dapRemoved('CSP1', CONTOSO));
    expect(registrationAuthorisations(store, 'CSP1', all).items[0]).toEqual({ ...before, delegatedAdmin: false });
    expect(customerList(store, 'CSP1', all).items[0]).toMatchObject({ delegatedAdmin: false });
  });

  it('indirect reseller: UI CSV only; its provider sees the customer, marked, with API and UI', () => {
    const store = fold(
      ev.partnerEnrolled('PROV', 'CSP_INDIRECT_PROVIDER'),
      ev.partnerEnrolled('RES', 'CSP_INDIRECT_RESELLER', { indirectProviderId: 'PROV' }),
      ev.cspConsentAccepted('R1', 'RES', CONTOSO, { partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV' }),
    );
    expect(registrationAuthorisations(store, 'RES', all).items[0]).toMatchObject({ authorised: true, basis: 'DIRECT_CONSENT', channels: ['PARTNER_CENTER_UI_CSV'] });
    expect(customerList(store, 'PROV', all).items).toEqual([{ customerTenantId: CONTOSO, acceptedAt: ev.AT, delegatedAdmin: false, viaResellerId: 'RES' }]);
    expect(registrationAuthorisations(store, 'PROV', all).items[0]).toMatchObject({
      authorised: true,
      basis: 'VIA_RESELLER',
      viaResellerId: 'RES',
      channels: ['PARTNER_CENTER_API', 'PARTNER_CENTER_UI_CSV'],
    });
    expect(authorisationOf(store, { partnerId: 'RES', customerTenantId: CONTOSO, channel: 'PARTNER_CENTER_API', now: NOW })).toMatchObject({
      authorised: false,
      reasonCode: 'CHANNEL_NOT_ALLOWED',
    });
    expect(authorisationOf(store, { partnerId: 'PROV', customerTenantId: CONTOSO, channel: 'PARTNER_CENTER_API', now: NOW })).toMatchObject({
      authorised: true,
      basis: 'VIA_RESELLER',
    });
    expect(customerPartners(store, CONTOSO, all).items.map((partner) => [partner.partnerId, partner.viaResellerId])).toEqual([
      ['PROV', 'RES'],
      ['RES', undefined],
    ]);
  });

  it('OEM: OEM Direct API only; a pending revocation keeps it authorised, flagged; completed refuses; consent again authorises', () => {
    const accepted = [ev.partnerEnrolled('OEM1', 'OEM'), ev.oemConsentAccepted('OEM1', 'L1', CONTOSO)];
    const pending = fold(...accepted, ev.revocationRequested('V1', 'OEM1', CONTOSO));
    expect(authorisationOf(pending, { partnerId: 'OEM1', customerTenantId: CONTOSO, channel: 'OEM_DIRECT_API', now: NOW })).toMatchObject({
      authorised: true,
      revocationPending: true,
    });
    expect(authorisationOf(pending, { partnerId: 'OEM1', customerTenantId: CONTOSO, channel: 'PARTNER_CENTER_API', now: NOW }).reasonCode).toBe('CHANNEL_NOT_ALLOWED');
    expect(oemRevocationQueue(pending, 'pending', all, NOW).items).toEqual([
      expect.objectContaining({ revocationRequestId: 'V1', partnerId: 'OEM1', partnerName: 'OEM1 Ltd', customerTenantId: CONTOSO, reason: 'we no longer buy from them', ageSeconds: 9 * 86_400 }),
    ]);
    expect(customerPartners(pending, CONTOSO, all).items[0]?.oemRevocation).toMatchObject({ revocationRequestId: 'V1', status: 'pending' });

    const completed = fold(...accepted, ev.revocationRequested('V1', 'OEM1', CONTOSO), ev.revocationCompleted('V1', 'OEM1', CONTOSO));
    expect(oemRevocationQueue(completed, 'pending', all, NOW).items).toEqual([]);
    expect(oemRevocationRequest(completed, 'V1')).toMatchObject({ status: 'completed', handledBy: ev.SUPPORT });
    expect(registrationAuthorisations(completed, 'OEM1', all).items[0]).toMatchObject({ authorised: false, reasonCode: 'OEM_REVOCATION_COMPLETED', channels: [] });
    expect(customerList(completed, 'OEM1', all).items).toEqual([]);
    expect(customerPartners(completed, CONTOSO, all).items[0]).toMatchObject({ authorised: false, oemRevocation: { status: 'completed' } });

    const again = fold(
      ...accepted,
      ev.revocationRequested('V1', 'OEM1', CONTOSO),
      ev.revocationCompleted('V1', 'OEM1', CONTOSO),
      ev.oemConsentAccepted('OEM1', 'L1', CONTOSO, '2026-03-05T10:00:00.000Z'),
    );
    expect(registrationAuthorisations(again, 'OEM1', all).items[0]).toMatchObject({ authorised: true, since: '2026-03-05T10:00:00.000Z', revocationPending: false });
    expect(customerPartners(again, CONTOSO, all).items[0]?.oemRevocation).toBeUndefined();
  });

  it('a rejected revocation leaves the OEM authorised and says why', () => {
    const store = fold(ev.partnerEnrolled('OEM1', 'OEM'), ev.oemConsentAccepted('OEM1', 'L1', CONTOSO), ev.revocationRequested('V1', 'OEM1', CONTOSO), ev.revocationRejected('V1', 'OEM1', CONTOSO));
    expect(registrationAuthorisations(store, 'OEM1', all).items[0]).toMatchObject({ authorised: true, revocationPending: false });
    expect(oemRevocationQueue(store, 'rejected', all, NOW).items[0]).toMatchObject({ rejectionReason: 'devices still under contract' });
  });

  it('an OEM losing OEM Direct API eligibility is refused for every customer, still listed', () => {
    const store = fold(ev.partnerEnrolled('OEM1', 'OEM'), ev.oemConsentAccepted('OEM1', 'L1', CONTOSO), ev.eligibilityChanged('OEM1', false));
    expect(registrationAuthorisations(store, 'OEM1', all).items[0]).toMatchObject({ authorised: false, reasonCode: 'OEM_NOT_ELIGIBLE' });
    expect(customerList(store, 'OEM1', all).items).toHaveLength(1);
  });

  it('an OEM losing eligibility: a pending revocation stays flagged on its rows, its request for a link leaves the queue', () => {
    const store = fold(
      ev.partnerEnrolled('OEM1', 'OEM'),
      ev.oemConsentAccepted('OEM1', 'L1', CONTOSO),
      ev.revocationRequested('V1', 'OEM1', CONTOSO),
      ev.oemLinkRequested('OEM1', '2026-03-01T09:00:00.000Z'),
      ev.eligibilityChanged('OEM1', false),
    );
    expect(registrationAuthorisations(store, 'OEM1', all).items[0]).toMatchObject({ reasonCode: 'OEM_NOT_ELIGIBLE', revocationPending: true });
    expect(oemRevocationQueue(store, 'pending', all, NOW).items).toHaveLength(1);
    expect(oemConsentLinkQueue(store, 'pending', all, NOW).items).toEqual([]);
  });

  it('cancelled and expired requests authorise nothing; a pending one is the refusal reason', () => {
    const store = fold(
      ev.partnerEnrolled('CSP1', 'CSP_DIRECT'),
      ev.consentRequested('R1', 'CSP1', { customerTenantId: CONTOSO }),
      ev.consentRequested('R2', 'CSP1', { customerTenantId: FABRIKAM, expiresAt: '2026-03-09T00:00:00.000Z' }),
      ev.consentRequested('R3', 'CSP1', { customerTenantId: FABRIKAM }),
      ev.requestCancelled('R3', 'CSP1'),
    );
    expect(consentRequestView(store, 'R1', NOW)?.status).toBe('pending');
    expect(consentRequestView(store, 'R2', NOW)?.status).toBe('expired');
    expect(consentRequestView(store, 'R3', NOW)?.status).toBe('cancelled');
    expect(authorisationOf(store, { partnerId: 'CSP1', customerTenantId: CONTOSO, now: NOW }).reasonCode).toBe('CONSENT_REQUEST_PENDING');
    expect(authorisationOf(store, { partnerId: 'CSP1', customerTenantId: FABRIKAM, now: NOW }).reasonCode).toBe('NO_CONSENT');
    expect(authorisationOf(store, { partnerId: 'NOPE', customerTenantId: FABRIKAM, now: NOW }).reasonCode).toBe('NOT_ENROLLED');
    expect(customerList(store, 'CSP1', all).items).toEqual([]);
  });

  it('a pending request behind many older ones is still the refusal reason', () => {
    const older = Array.from({ length: 450 }, (_, n) => [
      ev.consentRequested(`OLD${n}`, 'CSP1', { customerTenantId: CONTOSO }),
      ev.requestCancelled(`OLD${n}`, 'CSP1'),
    ]).flat();
    const store = fold(ev.partnerEnrolled('CSP1', 'CSP_DIRECT'), ...older);
    expect(authorisationOf(store, { partnerId: 'CSP1', customerTenantId: CONTOSO, now: NOW }).reasonCode).toBe('NO_CONSENT');
    // Listed after the 900 others (same time, a later key): beyond the first pages of the pair's requests.
    applyLedgerEvent(store, ev.consentRequested('ZNEW', 'CSP1', { customerTenantId: CONTOSO }), 10_000n);
    expect(authorisationOf(store, { partnerId: 'CSP1', customerTenantId: CONTOSO, now: NOW }).reasonCode).toBe('CONSENT_REQUEST_PENDING');
  });

  it('OEM consent link requests wait for support, oldest first, until a link is issued', () => {
    const store = fold(
      ev.partnerEnrolled('OEM1', 'OEM'),
      ev.partnerEnrolled('OEM2', 'OEM'),
      ev.oemLinkRequested('OEM2', '2026-03-01T08:00:00.000Z'),
      ev.oemLinkRequested('OEM1', '2026-03-01T09:00:00.000Z'),
      ev.oemLinkIssued('OEM2', 'L2'),
    );
    expect(oemConsentLinkQueue(store, 'pending', all, NOW).items.map((entry) => entry.partnerId)).toEqual(['OEM1']);
    expect(oemConsentLinkQueue(store, 'issued', all, NOW).items[0]).toMatchObject({ partnerId: 'OEM2', issuedAt: ev.AT });
  });

  it('pages with an opaque cursor and keeps each partner to its own customers', () => {
    const tenants = Array.from({ length: 7 }, (_, index) => `${index}0000000-0000-4000-8000-000000000000`);
    const store = fold(
      ev.partnerEnrolled('CSP1', 'CSP_DIRECT'),
      ev.partnerEnrolled('CSP2', 'CSP_DIRECT'),
      ...tenants.map((tenant) => ev.cspConsentAccepted(`R-${tenant}`, 'CSP1', tenant)),
      ev.cspConsentAccepted('R-other', 'CSP2', FABRIKAM),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = customerList(store, 'CSP1', { limit: 3, ...(cursor === undefined ? {} : { cursor }) });
      seen.push(...page.items.map((item) => item.customerTenantId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(seen).toEqual(tenants);
    expect(customerList(store, 'CSP2', all).items.map((item) => item.customerTenantId)).toEqual([FABRIKAM]);
    expect(() => customerList(store, 'CSP1', { cursor: 'not-a-cursor' })).toThrow(/cursor/);
  });

  it('keeps a CSP acceptance cut short between its two appends (link claimed, consent not recorded) until its consent is', () => {
    const after = new Date(Date.parse(ev.AT) + 1);
    const claimed = fold(
      ev.partnerEnrolled('CSP1', 'CSP_DIRECT'),
      ev.consentRequested('R1', 'CSP1', { customerTenantId: CONTOSO }),
      ev.consentRequested('R2', 'CSP1', { customerTenantId: FABRIKAM }),
      ev.requestAccepted('R1', 'CSP1', CONTOSO),
      ev.requestAccepted('R2', 'CSP1', FABRIKAM),
      ev.cspConsentAccepted('R2', 'CSP1', FABRIKAM),
    );
    expect(unfinishedCspAcceptances(claimed, after, 10)).toEqual([{ requestId: 'R1', partnerId: 'CSP1', customerTenantId: CONTOSO, acceptedAt: ev.AT }]);
    expect(unfinishedCspAcceptances(claimed, new Date(ev.AT), 10)).toEqual([]);
    applyLedgerEvent(claimed, ev.cspConsentAccepted('R1', 'CSP1', CONTOSO), 7n);
    expect(unfinishedCspAcceptances(claimed, after, 10)).toEqual([]);
  });
});
