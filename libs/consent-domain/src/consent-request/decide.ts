import type { ConsentRequestEvent } from '../events/ledger-event.js';
import { acceptorOf, requireGlobalAdministratorOf } from '../identity/acceptance-rules.js';
import { actorRefOf } from '../identity/actor.js';
import { refuse } from '../refusals/domain-refusal.js';
import {
  type AcceptConsentRequest,
  type CancelConsentRequest,
  type ConsentRequestCommand,
  type ConsentRequestInputs,
  DEFAULT_CONSENT_LINK_TTL_SECONDS,
  type RequestConsent,
} from './commands.js';
import { type ConsentRequest, consentRequestStatus, type RecordedConsentRequest } from './consent-request.js';

const requestConsent = (
  command: RequestConsent,
  { request, partner }: ConsentRequestInputs,
  now: Date,
): ConsentRequestEvent[] => {
  const { partnerId, requestId } = command;
  if (partner === undefined || partner.status !== 'enrolled') {
    return refuse('PARTNER_NOT_ENROLLED', `partner ${partnerId} is not enrolled; ask support to enrol it`);
  }
  if (partner.kind === 'OEM') {
    return refuse(
      'OEM_USES_ITS_CONSENT_LINK',
      `partner ${partnerId} is an OEM: OEMs do not create consent requests, they send customers their unique OEM consent link`,
    );
  }
  if (partner.kind === 'CSP_INDIRECT_PROVIDER') {
    return refuse(
      'INDIRECT_PROVIDER_CANNOT_REQUEST_CONSENT',
      `partner ${partnerId} is an indirect provider: it is authorised through its resellers' consents and never asks a customer itself`,
    );
  }
  if (request.status !== 'none') {
    return refuse('CONSENT_REQUEST_ALREADY_EXISTS', `consent request ${requestId} already exists; use a fresh random id`);
  }
  const delegatedAdminRequested = command.delegatedAdminRequested ?? false;
  const adminRoles = command.adminRoles ?? [];
  if (!delegatedAdminRequested && adminRoles.length > 0) {
    return refuse(
      'ADMIN_ROLES_WITHOUT_DAP',
      'adminRoles are the roles asked with delegated admin rights: set delegatedAdminRequested to true, or send no adminRoles',
    );
  }
  const ttlSeconds = command.linkTtlSeconds ?? DEFAULT_CONSENT_LINK_TTL_SECONDS;
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    return refuse('INVALID_LINK_TTL', `a consent link must live a positive number of seconds, not ${ttlSeconds}`);
  }
  const { customerTenantId } = command;
  return [
    {
      type: 'ConsentRequested',
      data: {
        schemaVersion: 1,
        requestId,
        partnerId,
        partnerKind: partner.kind,
        ...(partner.indirectProviderId === undefined ? {} : { indirectProviderId: partner.indirectProviderId }),
        ...(customerTenantId === undefined ? {} : { customerTenantId }),
        delegatedAdminRequested,
        adminRoles: [...adminRoles],
        requestedBy: actorRefOf(command.requestedBy),
        requestedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
      },
    },
  ];
};

const recorded = (request: ConsentRequest, requestId: string): RecordedConsentRequest =>
  request.status === 'none'
    ? refuse('CONSENT_REQUEST_NOT_FOUND', `there is no consent request ${requestId}; check the link`)
    : request;

/** A request that can still be acted on: not accepted, cancelled, or expired (all 409). */
const stillPending = (request: RecordedConsentRequest, now: Date): RecordedConsentRequest => {
  switch (consentRequestStatus(request, now)) {
    case 'accepted':
      return refuse(
        'CONSENT_REQUEST_ALREADY_ACCEPTED',
        `consent request ${request.requestId} was already accepted on ${request.acceptedAt}: a consent link is single use`,
      );
    case 'cancelled':
      return refuse(
        'CONSENT_REQUEST_CANCELLED',
        `consent request ${request.requestId} was cancelled by its partner on ${request.cancelledAt}; ask the partner for a new link`,
      );
    case 'expired':
      return refuse(
        'CONSENT_REQUEST_EXPIRED',
        `consent request ${request.requestId} expired on ${request.expiresAt}; ask the partner for a new link`,
      );
    case 'pending':
      return request;
  }
};

const cancelConsentRequest = (
  command: CancelConsentRequest,
  { request }: ConsentRequestInputs,
  now: Date,
): ConsentRequestEvent[] => {
  const existing = recorded(request, command.requestId);
  if (existing.partnerId !== command.partnerId) {
    return refuse(
      'NOT_YOUR_CONSENT_REQUEST',
      `consent request ${command.requestId} belongs to another partner; only its own partner may cancel it`,
    );
  }
  stillPending(existing, now);
  return [
    {
      type: 'ConsentRequestCancelled',
      data: {
        schemaVersion: 1,
        requestId: command.requestId,
        partnerId: existing.partnerId,
        cancelledBy: actorRefOf(command.cancelledBy),
        cancelledAt: now.toISOString(),
      },
    },
  ];
};

const acceptConsentRequest = (
  command: AcceptConsentRequest,
  { request }: ConsentRequestInputs,
  now: Date,
): ConsentRequestEvent[] => {
  const pending = stillPending(recorded(request, command.requestId), now);
  const { acceptedBy } = command;
  // An unbound link makes the accepting administrator's tenant the customer.
  const customerTenantId = pending.customerTenantId ?? acceptedBy.tid;
  requireGlobalAdministratorOf(acceptedBy, customerTenantId);
  return [
    {
      type: 'ConsentRequestAccepted',
      data: {
        schemaVersion: 1,
        requestId: pending.requestId,
        partnerId: pending.partnerId,
        customerTenantId,
        acceptedBy: acceptorOf(acceptedBy),
        acceptedAt: now.toISOString(),
      },
    },
  ];
};

/** Decides a consent request command. Throws `DomainRefusal` when a rule refuses it. */
export const decideConsentRequest = (
  command: ConsentRequestCommand,
  inputs: ConsentRequestInputs,
  now: Date,
): ConsentRequestEvent[] => {
  switch (command.type) {
    case 'RequestConsent':
      return requestConsent(command, inputs, now);
    case 'CancelConsentRequest':
      return cancelConsentRequest(command, inputs, now);
    case 'AcceptConsentRequest':
      return acceptConsentRequest(command, inputs, now);
  }
};
