import { actorRefOf } from '../identity/actor.js';
import type { PartnerEvent } from '../events/ledger-event.js';
import { refuse } from '../refusals/domain-refusal.js';
import { isValidPartnerId } from '../streams.js';
import type {
  ChangeOemDirectApiEligibility,
  EnrolPartner,
  IssueOemConsentLink,
  PartnerCommand,
  PartnerInputs,
  RequestOemConsentLink,
} from './commands.js';
import type { EnrolledPartner, Partner } from './partner.js';

const enrolled = (partner: Partner, partnerId: string): EnrolledPartner =>
  partner.status === 'enrolled'
    ? partner
    : refuse('PARTNER_NOT_ENROLLED', `partner ${partnerId} is not enrolled; support enrols partners with POST /v1/partners`);

const eligibleOem = (partner: Partner, partnerId: string): EnrolledPartner => {
  const oem = enrolled(partner, partnerId);
  if (oem.kind !== 'OEM') {
    return refuse('NOT_AN_OEM', `partner ${partnerId} is a ${oem.kind}: only an OEM has an OEM consent link`);
  }
  if (!oem.oemDirectApiEligible) {
    return refuse(
      'OEM_NOT_ELIGIBLE',
      `OEM ${partnerId} is not eligible for the OEM Direct API, so it cannot have a consent link; support must grant eligibility first`,
    );
  }
  return oem;
};

const enrolPartner = (command: EnrolPartner, { partner, indirectProvider }: PartnerInputs, now: Date): PartnerEvent[] => {
  const { partnerId, kind } = command;
  if (partner.status === 'enrolled') {
    return refuse('PARTNER_ALREADY_ENROLLED', `partner ${partnerId} is already enrolled (as ${partner.kind})`);
  }
  if (!isValidPartnerId(partnerId)) {
    return refuse('INVALID_PARTNER_ID', `partner id "${partnerId}" must be 1 to 64 letters, digits, "." or "-"`);
  }
  const name = command.name.trim();
  if (name === '') return refuse('PARTNER_NAME_REQUIRED', 'a partner needs a name: customers see it on the consent page');
  const oemDirectApiEligible = command.oemDirectApiEligible ?? false;
  if (oemDirectApiEligible && kind !== 'OEM') {
    return refuse('OEM_ELIGIBILITY_ONLY_FOR_OEM', `only an OEM can be eligible for the OEM Direct API, not a ${kind}`);
  }
  const { indirectProviderId } = command;
  if (kind !== 'CSP_INDIRECT_RESELLER') {
    if (indirectProviderId !== undefined) {
      return refuse('INDIRECT_PROVIDER_ONLY_FOR_RESELLER', `only a CSP_INDIRECT_RESELLER has an indirect provider, not a ${kind}`);
    }
  } else {
    if (indirectProviderId === undefined) {
      return refuse('INDIRECT_PROVIDER_REQUIRED', 'a CSP_INDIRECT_RESELLER needs indirectProviderId: its enrolled indirect provider');
    }
    if (indirectProvider === undefined || indirectProvider.status !== 'enrolled') {
      return refuse(
        'INDIRECT_PROVIDER_NOT_ENROLLED',
        `indirect provider ${indirectProviderId} is not enrolled; enrol it as CSP_INDIRECT_PROVIDER first`,
      );
    }
    if (indirectProvider.kind !== 'CSP_INDIRECT_PROVIDER') {
      return refuse(
        'INDIRECT_PROVIDER_WRONG_KIND',
        `partner ${indirectProviderId} is a ${indirectProvider.kind}, not a CSP_INDIRECT_PROVIDER`,
      );
    }
  }
  return [
    {
      type: 'PartnerEnrolled',
      data: {
        schemaVersion: 1,
        partnerId,
        name,
        kind,
        oemDirectApiEligible,
        ...(indirectProviderId === undefined ? {} : { indirectProviderId }),
        enrolledAt: now.toISOString(),
      },
    },
  ];
};

const changeOemDirectApiEligibility = (
  command: ChangeOemDirectApiEligibility,
  { partner }: PartnerInputs,
  now: Date,
): PartnerEvent[] => {
  const oem = enrolled(partner, command.partnerId);
  if (oem.kind !== 'OEM') {
    return refuse('OEM_ELIGIBILITY_ONLY_FOR_OEM', `only an OEM can be eligible for the OEM Direct API, not a ${oem.kind}`);
  }
  // Asking for the eligibility it already has changes nothing: record nothing.
  if (oem.oemDirectApiEligible === command.oemDirectApiEligible) return [];
  return [
    {
      type: 'OemDirectApiEligibilityChanged',
      data: {
        schemaVersion: 1,
        partnerId: command.partnerId,
        oemDirectApiEligible: command.oemDirectApiEligible,
        changedAt: now.toISOString(),
      },
    },
  ];
};

const requestOemConsentLink = (command: RequestOemConsentLink, { partner }: PartnerInputs, now: Date): PartnerEvent[] => {
  const oem = eligibleOem(partner, command.partnerId);
  if (oem.pendingOemConsentLinkRequest !== undefined) {
    return refuse(
      'OEM_CONSENT_LINK_ALREADY_REQUESTED',
      `OEM ${command.partnerId} already asked for its consent link on ${oem.pendingOemConsentLinkRequest.requestedAt}; support has not answered yet`,
    );
  }
  return [
    {
      type: 'OemConsentLinkRequested',
      data: {
        schemaVersion: 1,
        partnerId: command.partnerId,
        requestedBy: actorRefOf(command.requestedBy),
        requestedAt: now.toISOString(),
      },
    },
  ];
};

const issueOemConsentLink = (command: IssueOemConsentLink, { partner }: PartnerInputs, now: Date): PartnerEvent[] => {
  const oem = eligibleOem(partner, command.partnerId);
  if (oem.oemConsentLink?.linkId === command.linkId || oem.replacedOemConsentLinkIds.includes(command.linkId)) {
    return refuse('OEM_CONSENT_LINK_ID_ALREADY_USED', `link id ${command.linkId} was already issued; issue a fresh random id`);
  }
  return [
    {
      type: 'OemConsentLinkIssued',
      data: {
        schemaVersion: 1,
        partnerId: command.partnerId,
        linkId: command.linkId,
        ...(oem.oemConsentLink === undefined ? {} : { replacesLinkId: oem.oemConsentLink.linkId }),
        answersRequest: oem.pendingOemConsentLinkRequest !== undefined,
        issuedBy: actorRefOf(command.issuedBy),
        issuedAt: now.toISOString(),
      },
    },
  ];
};

/** Decides a partner command. Throws `DomainRefusal` when a rule refuses it. */
export const decidePartner = (command: PartnerCommand, inputs: PartnerInputs, now: Date): PartnerEvent[] => {
  switch (command.type) {
    case 'EnrolPartner':
      return enrolPartner(command, inputs, now);
    case 'ChangeOemDirectApiEligibility':
      return changeOemDirectApiEligibility(command, inputs, now);
    case 'RequestOemConsentLink':
      return requestOemConsentLink(command, inputs, now);
    case 'IssueOemConsentLink':
      return issueOemConsentLink(command, inputs, now);
  }
};
