import type { RelationshipEvent } from '../events/ledger-event.js';
import {
  acceptorOf,
  requireAdminOfTenant,
  requireCloudNative,
  requireGlobalAdministratorOf,
} from '../identity/acceptance-rules.js';
import { actorRefOf } from '../identity/actor.js';
import type { EnrolledPartner, Partner } from '../partner/partner.js';
import { refuse } from '../refusals/domain-refusal.js';
import type {
  AcceptOemConsent,
  CompleteOemRevocation,
  RecordCspConsent,
  RejectOemRevocation,
  RelationshipCommand,
  RelationshipInputs,
  RemoveDap,
  RequestOemRevocation,
} from './commands.js';
import type { EstablishedRelationship, PendingOemRevocation, Relationship } from './relationship.js';

const enrolled = (partner: Partner | undefined, partnerId: string): EnrolledPartner =>
  partner?.status === 'enrolled'
    ? partner
    : refuse('PARTNER_NOT_ENROLLED', `partner ${partnerId} is not enrolled; check the partner id`);

const recordCspConsent = (command: RecordCspConsent, { relationship, request }: RelationshipInputs): RelationshipEvent[] => {
  const { requestId, partnerId, customerTenantId } = command;
  if (
    request === undefined ||
    request.status !== 'accepted' ||
    request.partnerId !== partnerId ||
    request.customerTenantId !== customerTenantId ||
    request.acceptedBy === undefined ||
    request.acceptedAt === undefined
  ) {
    return refuse(
      'CONSENT_REQUEST_NOT_ACCEPTED',
      `consent request ${requestId} has not been accepted by tenant ${customerTenantId} for partner ${partnerId}; accept it first`,
    );
  }
  // Already recorded: an interrupted acceptance being finished twice records nothing more.
  if (relationship.status !== 'none' && relationship.acceptedCspRequestIds.includes(requestId)) return [];
  return [
    {
      type: 'ConsentAccepted',
      data: {
        schemaVersion: 1,
        partnerId,
        partnerKind: request.partnerKind,
        ...(request.indirectProviderId === undefined ? {} : { indirectProviderId: request.indirectProviderId }),
        customerTenantId,
        link: { kind: 'CSP_CONSENT_REQUEST', requestId },
        acceptedBy: request.acceptedBy,
        // DAP is granted only when the partner asked for it (the seed's DAP-less default).
        delegatedAdminGranted: request.delegatedAdminRequested,
        adminRoles: request.delegatedAdminRequested ? request.adminRoles : [],
        // The consent took effect when the link was used, which is when the administrator pressed Accept.
        acceptedAt: request.acceptedAt,
      },
    },
  ];
};

const acceptOemConsent = (
  command: AcceptOemConsent,
  { relationship, partner }: RelationshipInputs,
  now: Date,
): RelationshipEvent[] => {
  const { partnerId, linkId, acceptedBy } = command;
  const unknownLink = (): never =>
    refuse('OEM_CONSENT_LINK_NOT_FOUND', `there is no OEM consent link ${linkId}; check the link the OEM sent`);
  if (partner?.status !== 'enrolled' || partner.kind !== 'OEM') return unknownLink();
  if (partner.replacedOemConsentLinkIds.includes(linkId)) {
    return refuse(
      'OEM_CONSENT_LINK_REPLACED',
      `this consent link of ${partner.name} was replaced and no longer works; ask ${partner.name} for its current link`,
    );
  }
  if (partner.oemConsentLink?.linkId !== linkId) return unknownLink();
  if (!partner.oemDirectApiEligible) {
    return refuse(
      'OEM_CONSENT_LINK_INACTIVE',
      `${partner.name} is no longer eligible for the OEM Direct API, so its consent link no longer works`,
    );
  }
  // The tenant consenting is the one the Global Administrator signed in to.
  const customerTenantId = acceptedBy.tid;
  requireGlobalAdministratorOf(acceptedBy, customerTenantId);
  requireCloudNative(acceptedBy);
  if (relationship.status === 'active') {
    return refuse(
      'OEM_CONSENT_ALREADY_ACTIVE',
      `tenant ${customerTenantId} already consented to ${partner.name} on ${relationship.acceptedAt}; it can consent again only after a completed revocation`,
    );
  }
  return [
    {
      type: 'ConsentAccepted',
      data: {
        schemaVersion: 1,
        partnerId,
        partnerKind: 'OEM',
        customerTenantId,
        link: { kind: 'OEM_CONSENT_LINK', linkId },
        acceptedBy: acceptorOf(acceptedBy),
        // No delegated admin rights are ever granted to an OEM.
        delegatedAdminGranted: false,
        adminRoles: [],
        acceptedAt: now.toISOString(),
      },
    },
  ];
};

const activeRelationship = (relationship: Relationship, partnerId: string, customerTenantId: string) =>
  relationship.status === 'active'
    ? relationship
    : refuse(
        'RELATIONSHIP_NOT_FOUND',
        `partner ${partnerId} has no active relationship with tenant ${customerTenantId}`,
      );

const removeDap = (command: RemoveDap, { relationship, partner }: RelationshipInputs, now: Date): RelationshipEvent[] => {
  const { partnerId, customerTenantId, removedBy } = command;
  requireAdminOfTenant(removedBy, customerTenantId);
  if (enrolled(partner, partnerId).kind === 'OEM') {
    return refuse('DAP_NEVER_GRANTED_TO_OEM', `partner ${partnerId} is an OEM: OEMs never hold delegated admin rights`);
  }
  const active = activeRelationship(relationship, partnerId, customerTenantId);
  if (!active.delegatedAdmin) {
    return refuse('NO_DAP', `partner ${partnerId} holds no delegated admin rights for tenant ${customerTenantId}`);
  }
  return [
    {
      type: 'DapRemoved',
      data: {
        schemaVersion: 1,
        partnerId,
        customerTenantId,
        removedBy: actorRefOf(removedBy),
        removedAt: now.toISOString(),
      },
    },
  ];
};

const requiredReason = (reason: string, what: string): string => {
  const trimmed = reason.trim();
  return trimmed === '' ? refuse('REASON_REQUIRED', `${what} needs a reason`) : trimmed;
};

const requestOemRevocation = (
  command: RequestOemRevocation,
  { relationship, partner }: RelationshipInputs,
  now: Date,
): RelationshipEvent[] => {
  const { revocationRequestId, partnerId, customerTenantId, requestedBy } = command;
  requireAdminOfTenant(requestedBy, customerTenantId);
  const kind = enrolled(partner, partnerId).kind;
  if (kind !== 'OEM') {
    return refuse(
      'REVOCATION_ONLY_FOR_OEM',
      `partner ${partnerId} is a ${kind}: revocation requests are for OEMs, a CSP's rights are managed in the Microsoft 365 admin center`,
    );
  }
  const reason = requiredReason(command.reason, 'a revocation request');
  if (relationship.status !== 'active') {
    return refuse('OEM_CONSENT_NOT_ACTIVE', `tenant ${customerTenantId} has no active consent for OEM ${partnerId} to revoke`);
  }
  if (relationship.pendingOemRevocation !== undefined) {
    return refuse(
      'OEM_REVOCATION_ALREADY_PENDING',
      `a revocation of OEM ${partnerId} is already pending (request ${relationship.pendingOemRevocation.revocationRequestId}); support will complete or reject it`,
    );
  }
  return [
    {
      type: 'OemRevocationRequested',
      data: {
        schemaVersion: 1,
        revocationRequestId,
        partnerId,
        customerTenantId,
        reason,
        requestedBy: actorRefOf(requestedBy),
        requestedAt: now.toISOString(),
      },
    },
  ];
};

/** Support handles only the revocation that is pending: a handled one is a 409, an unknown one a 404. */
const pendingRevocation = (
  relationship: Relationship,
  revocationRequestId: string,
): { relationship: EstablishedRelationship; pending: PendingOemRevocation } => {
  if (relationship.status !== 'none') {
    const handled = relationship.handledOemRevocations[revocationRequestId];
    if (handled !== undefined) {
      return refuse('NO_PENDING_OEM_REVOCATION', `OEM revocation request ${revocationRequestId} was already ${handled}`);
    }
    const pending = relationship.pendingOemRevocation;
    if (pending?.revocationRequestId === revocationRequestId) return { relationship, pending };
  }
  return refuse('OEM_REVOCATION_REQUEST_NOT_FOUND', `there is no OEM revocation request ${revocationRequestId} for this relationship`);
};

const completeOemRevocation = (
  command: CompleteOemRevocation,
  { relationship }: RelationshipInputs,
  now: Date,
): RelationshipEvent[] => {
  const { revocationRequestId, partnerId, customerTenantId } = command;
  pendingRevocation(relationship, revocationRequestId);
  return [
    {
      type: 'OemRevocationCompleted',
      data: {
        schemaVersion: 1,
        revocationRequestId,
        partnerId,
        customerTenantId,
        completedBy: actorRefOf(command.completedBy),
        completedAt: now.toISOString(),
      },
    },
  ];
};

const rejectOemRevocation = (
  command: RejectOemRevocation,
  { relationship }: RelationshipInputs,
  now: Date,
): RelationshipEvent[] => {
  const { revocationRequestId, partnerId, customerTenantId } = command;
  pendingRevocation(relationship, revocationRequestId);
  const reason = requiredReason(command.reason, 'rejecting a revocation request');
  return [
    {
      type: 'OemRevocationRejected',
      data: {
        schemaVersion: 1,
        revocationRequestId,
        partnerId,
        customerTenantId,
        reason,
        rejectedBy: actorRefOf(command.rejectedBy),
        rejectedAt: now.toISOString(),
      },
    },
  ];
};

/** Decides a relationship command. Throws `DomainRefusal` when a rule refuses it. */
export const decideRelationship = (
  command: RelationshipCommand,
  inputs: RelationshipInputs,
  now: Date,
): RelationshipEvent[] => {
  switch (command.type) {
    case 'RecordCspConsent':
      return recordCspConsent(command, inputs);
    case 'AcceptOemConsent':
      return acceptOemConsent(command, inputs, now);
    case 'RemoveDap':
      return removeDap(command, inputs, now);
    case 'RequestOemRevocation':
      return requestOemRevocation(command, inputs, now);
    case 'CompleteOemRevocation':
      return completeOemRevocation(command, inputs, now);
    case 'RejectOemRevocation':
      return rejectOemRevocation(command, inputs, now);
  }
};
