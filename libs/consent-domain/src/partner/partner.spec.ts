import { specification } from '../testing/given-when-then.js';
import { enrolled, linkIssued, partnerApp, refOf, support } from '../testing/fixtures.js';
import { partnerDecider } from './partner-decider.js';

const given = specification(partnerDecider);
const enrolledAt = '2026-03-02T09:00:00.000Z';

describe('partner: enrolment', () => {
  it('enrols a direct CSP, never eligible for the OEM Direct API', () => {
    given([])
      .when({ type: 'EnrolPartner', partnerId: 'P1', name: ' Contoso Partners ', kind: 'CSP_DIRECT' })
      .then([
        {
          type: 'PartnerEnrolled',
          data: {
            schemaVersion: 1,
            partnerId: 'P1',
            name: 'Contoso Partners',
            kind: 'CSP_DIRECT',
            oemDirectApiEligible: false,
            enrolledAt,
          },
        },
      ]);
  });

  it('refuses to enrol the same partner twice', () => {
    given([enrolled('P1', 'CSP_DIRECT')])
      .when({ type: 'EnrolPartner', partnerId: 'P1', name: 'Again', kind: 'OEM' })
      .thenRefuses('PARTNER_ALREADY_ENROLLED');
  });

  it('refuses a partner id that cannot name a stream', () => {
    given([]).when({ type: 'EnrolPartner', partnerId: 'P_1', name: 'X', kind: 'CSP_DIRECT' }).thenRefuses('INVALID_PARTNER_ID');
  });

  it('refuses a blank name', () => {
    given([]).when({ type: 'EnrolPartner', partnerId: 'P1', name: '  ', kind: 'CSP_DIRECT' }).thenRefuses('PARTNER_NAME_REQUIRED');
  });

  describe('OEM Direct API eligibility', () => {
    it('enrols an eligible OEM', () => {
      given([])
        .when({ type: 'EnrolPartner', partnerId: 'OEM1', name: 'Devices Inc', kind: 'OEM', oemDirectApiEligible: true })
        .then([
          {
            type: 'PartnerEnrolled',
            data: {
              schemaVersion: 1,
              partnerId: 'OEM1',
              name: 'Devices Inc',
              kind: 'OEM',
              oemDirectApiEligible: true,
              enrolledAt,
            },
          },
        ]);
    });

    it('refuses eligibility for anything but an OEM', () => {
      given([])
        .when({ type: 'EnrolPartner', partnerId: 'P1', name: 'X', kind: 'CSP_DIRECT', oemDirectApiEligible: true })
        .thenRefuses('OEM_ELIGIBILITY_ONLY_FOR_OEM');
    });

    it('records a change of eligibility, and nothing when it does not change', () => {
      const history = [enrolled('OEM1', 'OEM', { oemDirectApiEligible: true })];
      given(history)
        .when({ type: 'ChangeOemDirectApiEligibility', partnerId: 'OEM1', oemDirectApiEligible: false })
        .then([
          {
            type: 'OemDirectApiEligibilityChanged',
            data: { schemaVersion: 1, partnerId: 'OEM1', oemDirectApiEligible: false, changedAt: enrolledAt },
          },
        ]);
      given(history).when({ type: 'ChangeOemDirectApiEligibility', partnerId: 'OEM1', oemDirectApiEligible: true }).then([]);
    });

    it('refuses to change eligibility of a CSP or of a partner not enrolled', () => {
      given([enrolled('P1', 'CSP_DIRECT')])
        .when({ type: 'ChangeOemDirectApiEligibility', partnerId: 'P1', oemDirectApiEligible: true })
        .thenRefuses('OEM_ELIGIBILITY_ONLY_FOR_OEM');
      given([])
        .when({ type: 'ChangeOemDirectApiEligibility', partnerId: 'OEM1', oemDirectApiEligible: true })
        .thenRefuses('PARTNER_NOT_ENROLLED');
    });
  });

  describe('a reseller needs an enrolled indirect provider', () => {
    it('enrols a reseller with its enrolled indirect provider', () => {
      given([enrolled('PROV', 'CSP_INDIRECT_PROVIDER')])
        .when({ type: 'EnrolPartner', partnerId: 'RES', name: 'Reseller', kind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV' })
        .then([
          {
            type: 'PartnerEnrolled',
            data: {
              schemaVersion: 1,
              partnerId: 'RES',
              name: 'Reseller',
              kind: 'CSP_INDIRECT_RESELLER',
              oemDirectApiEligible: false,
              indirectProviderId: 'PROV',
              enrolledAt,
            },
          },
        ]);
    });

    it('refuses a reseller without an indirect provider', () => {
      given([])
        .when({ type: 'EnrolPartner', partnerId: 'RES', name: 'Reseller', kind: 'CSP_INDIRECT_RESELLER' })
        .thenRefuses('INDIRECT_PROVIDER_REQUIRED');
    });

    it('refuses a reseller whose indirect provider is not enrolled', () => {
      given([])
        .when({ type: 'EnrolPartner', partnerId: 'RES', name: 'Reseller', kind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV' })
        .thenRefuses('INDIRECT_PROVIDER_NOT_ENROLLED');
    });

    it('refuses a reseller whose "provider" is another kind of partner', () => {
      given([enrolled('P1', 'CSP_DIRECT')])
        .when({ type: 'EnrolPartner', partnerId: 'RES', name: 'Reseller', kind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'P1' })
        .thenRefuses('INDIRECT_PROVIDER_WRONG_KIND');
    });

    it('refuses an indirect provider on any other kind', () => {
      given([enrolled('PROV', 'CSP_INDIRECT_PROVIDER')])
        .when({ type: 'EnrolPartner', partnerId: 'P1', name: 'Direct', kind: 'CSP_DIRECT', indirectProviderId: 'PROV' })
        .thenRefuses('INDIRECT_PROVIDER_ONLY_FOR_RESELLER');
    });
  });
});

describe('partner: the OEM consent link', () => {
  const eligibleOem = enrolled('OEM1', 'OEM', { oemDirectApiEligible: true });

  it('lets an eligible OEM ask support for its link, once until support answers', () => {
    const asked = {
      type: 'OemConsentLinkRequested' as const,
      data: { schemaVersion: 1 as const, partnerId: 'OEM1', requestedBy: refOf(partnerApp('OEM1')), requestedAt: enrolledAt },
    };
    given([eligibleOem]).when({ type: 'RequestOemConsentLink', partnerId: 'OEM1', requestedBy: partnerApp('OEM1') }).then([asked]);
    given([eligibleOem, asked])
      .when({ type: 'RequestOemConsentLink', partnerId: 'OEM1', requestedBy: partnerApp('OEM1') })
      .thenRefuses('OEM_CONSENT_LINK_ALREADY_REQUESTED');
  });

  it('ends a waiting link request when the OEM loses its eligibility: eligible again, it asks again', () => {
    const asked = {
      type: 'OemConsentLinkRequested' as const,
      data: { schemaVersion: 1 as const, partnerId: 'OEM1', requestedBy: refOf(partnerApp('OEM1')), requestedAt: enrolledAt },
    };
    const eligibility = (oemDirectApiEligible: boolean) => ({
      type: 'OemDirectApiEligibilityChanged' as const,
      data: { schemaVersion: 1 as const, partnerId: 'OEM1', oemDirectApiEligible, changedAt: enrolledAt },
    });
    given([eligibleOem, asked, eligibility(false), eligibility(true)])
      .when({ type: 'RequestOemConsentLink', partnerId: 'OEM1', requestedBy: partnerApp('OEM1') })
      .then([asked]);
  });

  it('refuses a link request from a CSP or an ineligible OEM', () => {
    given([enrolled('P1', 'CSP_DIRECT')])
      .when({ type: 'RequestOemConsentLink', partnerId: 'P1', requestedBy: partnerApp('P1') })
      .thenRefuses('NOT_AN_OEM');
    given([enrolled('OEM2', 'OEM')])
      .when({ type: 'RequestOemConsentLink', partnerId: 'OEM2', requestedBy: partnerApp('OEM2') })
      .thenRefuses('OEM_NOT_ELIGIBLE');
  });

  it('issues the link to an eligible OEM, answering its request', () => {
    const asked = {
      type: 'OemConsentLinkRequested' as const,
      data: { schemaVersion: 1 as const, partnerId: 'OEM1', requestedBy: refOf(partnerApp('OEM1')), requestedAt: '2026-03-01T00:00:00.000Z' },
    };
    given([eligibleOem, asked])
      .when({ type: 'IssueOemConsentLink', partnerId: 'OEM1', linkId: 'L1', issuedBy: support })
      .then([
        {
          type: 'OemConsentLinkIssued',
          data: { schemaVersion: 1, partnerId: 'OEM1', linkId: 'L1', answersRequest: true, issuedBy: refOf(support), issuedAt: enrolledAt },
        },
      ]);
  });

  it('replaces the current link, naming the one that dies', () => {
    given([eligibleOem, linkIssued('OEM1', 'L1')])
      .when({ type: 'IssueOemConsentLink', partnerId: 'OEM1', linkId: 'L2', issuedBy: support })
      .then([
        {
          type: 'OemConsentLinkIssued',
          data: {
            schemaVersion: 1,
            partnerId: 'OEM1',
            linkId: 'L2',
            replacesLinkId: 'L1',
            answersRequest: false,
            issuedBy: refOf(support),
            issuedAt: enrolledAt,
          },
        },
      ]);
  });

  it('never reissues a link id already used', () => {
    given([eligibleOem, linkIssued('OEM1', 'L1'), linkIssued('OEM1', 'L2', 'L1')])
      .when({ type: 'IssueOemConsentLink', partnerId: 'OEM1', linkId: 'L1', issuedBy: support })
      .thenRefuses('OEM_CONSENT_LINK_ID_ALREADY_USED');
  });

  it('issues a link only to an enrolled OEM eligible for the OEM Direct API', () => {
    given([]).when({ type: 'IssueOemConsentLink', partnerId: 'OEM1', linkId: 'L1', issuedBy: support }).thenRefuses('PARTNER_NOT_ENROLLED');
    given([enrolled('P1', 'CSP_DIRECT')])
      .when({ type: 'IssueOemConsentLink', partnerId: 'P1', linkId: 'L1', issuedBy: support })
      .thenRefuses('NOT_AN_OEM');
    given([enrolled('OEM2', 'OEM')])
      .when({ type: 'IssueOemConsentLink', partnerId: 'OEM2', linkId: 'L1', issuedBy: support })
      .thenRefuses('OEM_NOT_ELIGIBLE');
    given([
      eligibleOem,
      {
        type: 'OemDirectApiEligibilityChanged',
        data: { schemaVersion: 1, partnerId: 'OEM1', oemDirectApiEligible: false, changedAt: '2026-03-01T00:00:00.000Z' },
      },
    ])
      .when({ type: 'IssueOemConsentLink', partnerId: 'OEM1', linkId: 'L1', issuedBy: support })
      .thenRefuses('OEM_NOT_ELIGIBLE');
  });
});
