import type { PartnerEvent } from '../events/ledger-event.js';
import type { PartnerKind } from '../partner-kind.js';

export interface NotEnrolledPartner {
  readonly status: 'not_enrolled';
}

export interface EnrolledPartner {
  readonly status: 'enrolled';
  readonly partnerId: string;
  readonly name: string;
  readonly kind: PartnerKind;
  readonly oemDirectApiEligible: boolean;
  readonly indirectProviderId?: string;
  readonly enrolledAt: string;
  /** The OEM's unique consent link, once support has issued one. */
  readonly oemConsentLink?: { readonly linkId: string; readonly issuedAt: string };
  /** Links support replaced: they are dead (a clear 409, not an unknown link). */
  readonly replacedOemConsentLinkIds: readonly string[];
  /** The OEM asked support for its link and support has not issued one since. */
  readonly pendingOemConsentLinkRequest?: { readonly requestedAt: string };
}

/** The partner aggregate (stream `partner-<partnerId>`): its enrolment and, for an OEM, its consent link. */
export type Partner = NotEnrolledPartner | EnrolledPartner;

export const initialPartner = (): Partner => ({ status: 'not_enrolled' });

export const evolvePartner = (state: Partner, event: PartnerEvent): Partner => {
  if (event.type === 'PartnerEnrolled') {
    const { partnerId, name, kind, oemDirectApiEligible, indirectProviderId, enrolledAt } = event.data;
    return {
      status: 'enrolled',
      partnerId,
      name,
      kind,
      oemDirectApiEligible,
      ...(indirectProviderId === undefined ? {} : { indirectProviderId }),
      enrolledAt,
      replacedOemConsentLinkIds: [],
    };
  }
  // Every other partner event follows an enrolment; a stream that says otherwise is not ours to repair.
  if (state.status !== 'enrolled') return state;
  switch (event.type) {
    case 'OemDirectApiEligibilityChanged': {
      if (event.data.oemDirectApiEligible) return { ...state, oemDirectApiEligible: true };
      // Only an eligible OEM takes part: its request for a link ends with its eligibility (it asks again once
      // eligible), as support's queue shows it.
      const { pendingOemConsentLinkRequest: _withdrawn, ...rest } = state;
      return { ...rest, oemDirectApiEligible: false };
    }
    case 'OemConsentLinkRequested':
      return { ...state, pendingOemConsentLinkRequest: { requestedAt: event.data.requestedAt } };
    case 'OemConsentLinkIssued': {
      const { pendingOemConsentLinkRequest: _answered, ...rest } = state;
      return {
        ...rest,
        oemConsentLink: { linkId: event.data.linkId, issuedAt: event.data.issuedAt },
        replacedOemConsentLinkIds:
          state.oemConsentLink === undefined
            ? state.replacedOemConsentLinkIds
            : [...state.replacedOemConsentLinkIds, state.oemConsentLink.linkId],
      };
    }
  }
};

/** Whether an OEM's current link may be accepted: it exists and the OEM is still eligible. */
export const isEligibleOem = (partner: Partner): partner is EnrolledPartner =>
  partner.status === 'enrolled' && partner.kind === 'OEM' && partner.oemDirectApiEligible;
