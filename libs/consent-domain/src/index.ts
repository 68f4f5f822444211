// The consent domain: pure deciders, events, refusals and the channel rules. No I/O, no framework.

// identity
export {
  type Actor,
  type ActorRef,
  actorRefOf,
  canonicalTenantId,
  CLOUD_NATIVE_DOMAIN_SUFFIX,
  GLOBAL_ADMINISTRATOR_ROLE_ID,
  isCloudNative,
  isGlobalAdministrator,
  signInNameOf,
} from './identity/actor.js';

// refusals
export { DomainRefusal, isDomainRefusal, type Refusal } from './refusals/domain-refusal.js';
export { REFUSAL_KINDS, type RefusalCode, type RefusalKind } from './refusals/refusal-codes.js';

// partner kinds, channels, authorisation
export { isPartnerKind, PARTNER_KINDS, type PartnerKind } from './partner-kind.js';
export {
  AUTHORISATION_BASES,
  type AuthorisationBasis,
  type Channel,
  CHANNEL_RULES,
  type ChannelRule,
  channelRuleFor,
  CHANNELS,
  isChannel,
} from './channels/channel-rules.js';
export {
  type Authorisation,
  authorisationFor,
  type AuthorisationQuery,
  type AuthorisationReason,
  delegatedAdminResellers,
  type PartnerStanding,
} from './channels/authorisation-for.js';

// streams
export { type CommandStreams } from './command-streams.js';
export { foldEvents, foldInputs, inputFold, type InputFold } from './fold-inputs.js';
export { consentRequestStream, isValidPartnerId, partnerStream, relationshipStream, streamOf } from './streams.js';

// events
export type { AcceptedLink, Acceptor, ConsentAccepted, ConsentAcceptedData } from './events/consent-accepted.js';
export type { ConsentRequestAccepted, ConsentRequestAcceptedData } from './events/consent-request-accepted.js';
export type { ConsentRequestCancelled, ConsentRequestCancelledData } from './events/consent-request-cancelled.js';
export type { ConsentRequested, ConsentRequestedData } from './events/consent-requested.js';
export type { DapRemoved, DapRemovedData } from './events/dap-removed.js';
export type { DomainEvent, EventSchema, Upcaster } from './events/domain-event.js';
export type { EventMetadata } from './events/event-metadata.js';
export type {
  ConsentRequestEvent,
  LedgerEvent,
  LedgerEventType,
  PartnerEvent,
  RelationshipEvent,
} from './events/ledger-event.js';
export type { OemConsentLinkIssued, OemConsentLinkIssuedData } from './events/oem-consent-link-issued.js';
export type { OemConsentLinkRequested, OemConsentLinkRequestedData } from './events/oem-consent-link-requested.js';
export type {
  OemDirectApiEligibilityChanged,
  OemDirectApiEligibilityChangedData,
} from './events/oem-direct-api-eligibility-changed.js';
export type { OemRevocationCompleted, OemRevocationCompletedData } from './events/oem-revocation-completed.js';
export type { OemRevocationRejected, OemRevocationRejectedData } from './events/oem-revocation-rejected.js';
export type { OemRevocationRequested, OemRevocationRequestedData } from './events/oem-revocation-requested.js';
export type { PartnerEnrolled, PartnerEnrolledData } from './events/partner-enrolled.js';
export { isLedgerEventType, LEDGER_EVENT_SCHEMAS, LEDGER_EVENT_TYPES } from './events/registry.js';
export { UnreadableEventError, upcast, upcastStored } from './events/upcast.js';

// deciders
export type { Decider } from './decider.js';
export type {
  ChangeOemDirectApiEligibility,
  EnrolPartner,
  IssueOemConsentLink,
  PartnerCommand,
  PartnerInputs,
  RequestOemConsentLink,
} from './partner/commands.js';
export {
  type EnrolledPartner,
  evolvePartner,
  initialPartner,
  isEligibleOem,
  type NotEnrolledPartner,
  type Partner,
} from './partner/partner.js';
export { decidePartner } from './partner/decide.js';
export { partnerCommandStreams } from './partner/streams-of.js';
export { partnerDecider } from './partner/partner-decider.js';

export {
  type AcceptConsentRequest,
  type CancelConsentRequest,
  type ConsentRequestCommand,
  type ConsentRequestInputs,
  DEFAULT_CONSENT_LINK_TTL_SECONDS,
  type RequestConsent,
} from './consent-request/commands.js';
export {
  type ConsentRequest,
  consentRequestStatus,
  type ConsentRequestStatus,
  evolveConsentRequest,
  initialConsentRequest,
  type NoConsentRequest,
  type RecordedConsentRequest,
} from './consent-request/consent-request.js';
export { decideConsentRequest } from './consent-request/decide.js';
export { consentRequestCommandStreams } from './consent-request/streams-of.js';
export { consentRequestDecider } from './consent-request/consent-request-decider.js';

export type {
  AcceptOemConsent,
  CompleteOemRevocation,
  RecordCspConsent,
  RejectOemRevocation,
  RelationshipCommand,
  RelationshipInputs,
  RemoveDap,
  RequestOemRevocation,
} from './relationship/commands.js';
export {
  type EstablishedRelationship,
  evolveRelationship,
  initialRelationship,
  type NoRelationship,
  type PendingOemRevocation,
  type Relationship,
} from './relationship/relationship.js';
export { decideRelationship } from './relationship/decide.js';
export { relationshipCommandStreams } from './relationship/streams-of.js';
export { relationshipDecider } from './relationship/relationship-decider.js';
