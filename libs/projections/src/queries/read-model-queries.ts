import {
  authorisationFor,
  consentRequestStatus,
  initialRelationship,
  type Authorisation,
  type Channel,
  type ConsentRequestStatus,
  type Relationship,
} from '@ledger/consent-domain';
import { COLLECTIONS, consentRequestPartition, pairKey } from '../collections.js';
import type { ProviderResellers } from '../folds/partner-customer-rows.js';
import type {
  ConsentRequestEntry,
  CustomerListEntry,
  CustomerPartnerEntry,
  OemConsentLinkRequestEntry,
  OemRevocationEntry,
  PartnerEntry,
  RegistrationAuthorisationEntry,
} from '../read-models.js';
import type { PageMark, QueryStore } from '../store/read-model-store.js';
import { readPage, type Page, type PageOptions } from './paging.js';

const same = <Doc>(doc: Doc): Doc => doc;
const ageSeconds = (since: string, now: Date): number => Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 1000));

export type OemRevocationQueueItem = OemRevocationEntry & { readonly ageSeconds: number };
export type OemConsentLinkQueueItem = OemConsentLinkRequestEntry & { readonly ageSeconds: number };
export type ConsentRequestView = Omit<ConsentRequestEntry, 'status'> & { readonly status: ConsentRequestStatus };

/** Customer list per partner: accepted customers; an indirect provider's resellers' ones carry `viaResellerId`. */
export const customerList = (store: QueryStore, partnerId: string, options: PageOptions): Page<CustomerListEntry> =>
  readPage(store, COLLECTIONS.customerLists, partnerId, options, same<CustomerListEntry>);

/** Registration authorisations per partner, one row per customer it has (or had) a consent from. */
export const registrationAuthorisations = (
  store: QueryStore,
  partnerId: string,
  options: PageOptions,
): Page<RegistrationAuthorisationEntry> =>
  readPage(store, COLLECTIONS.registrationAuthorisations, partnerId, options, same<RegistrationAuthorisationEntry>);

/** Partners per customer, for the customer's administrator (and support). */
export const customerPartners = (store: QueryStore, customerTenantId: string, options: PageOptions): Page<CustomerPartnerEntry> =>
  readPage(store, COLLECTIONS.customerPartners, customerTenantId, options, same<CustomerPartnerEntry>);

/** One partner of a customer, as `customerPartners` lists it; undefined when it is not one of them. */
export const customerPartner = (store: QueryStore, customerTenantId: string, partnerId: string): CustomerPartnerEntry | undefined =>
  store.get<CustomerPartnerEntry>(COLLECTIONS.customerPartners, pairKey(customerTenantId, partnerId));

/** OEM revocation requests in one status, oldest first, each with its age at `now`. */
export const oemRevocationQueue = (
  store: QueryStore,
  status: OemRevocationEntry['status'],
  options: PageOptions,
  now: Date,
): Page<OemRevocationQueueItem> =>
  readPage(store, COLLECTIONS.oemRevocations, status, options, (entry: OemRevocationEntry) => ({
    ...entry,
    ageSeconds: ageSeconds(entry.requestedAt, now),
  }));

/** One OEM revocation request by id (which partner and tenant it is about, and its status). */
export const oemRevocationRequest = (store: QueryStore, revocationRequestId: string): OemRevocationEntry | undefined =>
  store.get<OemRevocationEntry>(COLLECTIONS.oemRevocations, revocationRequestId);

/** OEMs waiting for support to issue their consent link (or answered ones), oldest first, with age. */
export const oemConsentLinkQueue = (
  store: QueryStore,
  status: OemConsentLinkRequestEntry['status'],
  options: PageOptions,
  now: Date,
): Page<OemConsentLinkQueueItem> =>
  readPage(store, COLLECTIONS.oemConsentLinkRequests, status, options, (entry: OemConsentLinkRequestEntry) => ({
    ...entry,
    ageSeconds: ageSeconds(entry.requestedAt, now),
  }));

/** A consent request with its status at `now` (`expired` is derived from `expiresAt`). */
export const consentRequestView = (store: QueryStore, requestId: string, now: Date): ConsentRequestView | undefined => {
  const request = store.get<ConsentRequestEntry>(COLLECTIONS.consentRequests, requestId);
  return request === undefined ? undefined : { ...request, status: consentRequestStatus(request, now) };
};

/** A partner's enrolment as the read side knows it. */
export const partnerEntry = (store: QueryStore, partnerId: string): PartnerEntry | undefined =>
  store.get<PartnerEntry>(COLLECTIONS.partners, partnerId);

/** Whether one of the partner's requests bound to this tenant is still open at `now`. */
/** Whether any of the partner's consent requests to the customer is pending: all of them, a page at a time. */
const hasPendingRequest = (store: QueryStore, partnerId: string, customerTenantId: string, now: Date): boolean => {
  const partition = consentRequestPartition(partnerId, customerTenantId);
  let after: PageMark | undefined;
  do {
    const page = store.page<ConsentRequestEntry>(COLLECTIONS.consentRequests, partition, { limit: 200, ...(after === undefined ? {} : { after }) });
    if (page.docs.some((request) => consentRequestStatus(request, now) === 'pending')) return true;
    after = page.next;
  } while (after !== undefined);
  return false;
};

export interface AuthorisationQuestion {
  readonly partnerId: string;
  readonly customerTenantId: string;
  readonly channel?: Channel;
  readonly now: Date;
}

/** An authorisation, and how long it holds. */
export interface AuthorisationAnswer {
  readonly authorisation: Authorisation;
  /**
   * True when the answer holds until the read models next change; false when it rests on a consent request still
   * pending, which its expiry (the clock, not an event) ends. No request pending holds until the next change too:
   * an expired request is never pending again, and a new one comes only with an event (this assumes the clock does
   * not step back over a request's expiry; `authorisationFor` itself never reads the clock).
   */
  readonly untilNextCommit: boolean;
}

/**
 * "May this partner register devices for this customer, through this channel?", answered by
 * consent-domain's `authorisationFor` over the read side's state: the answer of "Validate device submission data".
 */
export const authorisationAnswer = (store: QueryStore, question: AuthorisationQuestion): AuthorisationAnswer => {
  const { partnerId, customerTenantId, channel, now } = question;
  const partner = partnerEntry(store, partnerId);
  const relationshipOf = (id: string): Relationship | undefined =>
    store.get<Relationship>(COLLECTIONS.relationships, pairKey(id, customerTenantId));
  const relationship = relationshipOf(partnerId);
  const resellerIds =
    partner?.kind === 'CSP_INDIRECT_PROVIDER'
      ? (store.get<ProviderResellers>(COLLECTIONS.providerResellers, pairKey(partnerId, customerTenantId))?.resellerIds ?? [])
      : [];
  const asksClock = relationship?.status !== 'active' && partner !== undefined;
  const pending = asksClock && hasPendingRequest(store, partnerId, customerTenantId, now);
  const authorisation = authorisationFor({
    partnerId,
    customerTenantId,
    partner,
    ...(relationship === undefined ? {} : { relationship }),
    viaResellers: resellerIds.map((resellerId) => ({ resellerId, relationship: relationshipOf(resellerId) ?? initialRelationship() })),
    consentRequestPending: pending,
    ...(channel === undefined ? {} : { channel }),
  });
  return { authorisation, untilNextCommit: !pending };
};

/** `authorisationAnswer`'s authorisation alone. */
export const authorisationOf = (store: QueryStore, question: AuthorisationQuestion): Authorisation =>
  authorisationAnswer(store, question).authorisation;
