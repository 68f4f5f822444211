import type { ActorRef } from '../identity/actor.js';
import type { PartnerKind } from '../partner-kind.js';
import type { DomainEvent, EventSchema } from './domain-event.js';

/** A CSP asked a customer for consent; its single-use link is now live (stream `consent-request-<requestId>`). */
export interface ConsentRequestedData {
  readonly schemaVersion: 1;
  /** The request's id (random, chosen by the service); the link's token signs it. */
  readonly requestId: string;
  readonly partnerId: string;
  /** `CSP_DIRECT` or `CSP_INDIRECT_RESELLER`: only they ask a customer themselves. */
  readonly partnerKind: PartnerKind;
  /** For a reseller: its indirect provider, authorised at the same moment as the reseller. */
  readonly indirectProviderId?: string;
  /** The tenant named by the partner: then only that tenant may accept. Absent: the accepting tenant becomes the customer. */
  readonly customerTenantId?: string;
  /** Whether the partner asked for delegated admin rights (DAP). False unless asked: the seed recommends DAP-less. */
  readonly delegatedAdminRequested: boolean;
  /** The admin roles asked with DAP, shown on the consent page; empty without DAP. */
  readonly adminRoles: readonly string[];
  readonly requestedBy: ActorRef;
  readonly requestedAt: string;
  /**
   * When the link stops working (ISO-8601). Expiry is derived from time, not recorded as an event:
   * see the README, "Expiry".
   */
  readonly expiresAt: string;
}

export type ConsentRequested = DomainEvent<'ConsentRequested', ConsentRequestedData>;

export const ConsentRequestedSchema: EventSchema<'ConsentRequested'> = {
  type: 'ConsentRequested',
  currentVersion: 1,
  upcasters: {},
};
