import type { PartnerKind } from '../partner-kind.js';
import type { DomainEvent, EventSchema } from './domain-event.js';

/** The link a customer accepted: a CSP's consent request, or an OEM's unique link. */
export type AcceptedLink =
  | { readonly kind: 'CSP_CONSENT_REQUEST'; readonly requestId: string }
  | { readonly kind: 'OEM_CONSENT_LINK'; readonly linkId: string };

/**
 * Who accepted, as Partner Center cannot show it (domain.md, "Consent links"): recorded in full so
 * an auditor can always see who approved a relationship.
 */
export interface Acceptor {
  readonly sub: string;
  /** The sign-in name (`upn` / `preferred_username`), when the token carried one. */
  readonly signInName?: string;
  /** The tenant the administrator signed in to: the customer. */
  readonly tenantId: string;
  /** Held the Global Administrator role when accepting (always true: anyone else is refused). */
  readonly globalAdministrator: true;
  /** The sign-in name is cloud-native (`*.onmicrosoft.com`); required for an OEM link. */
  readonly cloudNative: boolean;
}

/**
 * A customer's Global Administrator accepted: the partner is authorised from `acceptedAt` on
 * (stream `relationship-<partnerId>_<customerTenantId>`).
 */
export interface ConsentAcceptedData {
  readonly schemaVersion: 1;
  readonly partnerId: string;
  readonly partnerKind: PartnerKind;
  /** For a reseller: its indirect provider, authorised through this consent. */
  readonly indirectProviderId?: string;
  readonly customerTenantId: string;
  readonly link: AcceptedLink;
  readonly acceptedBy: Acceptor;
  /** DAP granted: only when the CSP asked for it; never for an OEM. */
  readonly delegatedAdminGranted: boolean;
  /** The admin roles granted with DAP; empty without DAP. */
  readonly adminRoles: readonly string[];
  readonly acceptedAt: string;
}

export type ConsentAccepted = DomainEvent<'ConsentAccepted', ConsentAcceptedData>;

export const ConsentAcceptedSchema: EventSchema<'ConsentAccepted'> = {
  type: 'ConsentAccepted',
  currentVersion: 1,
  upcasters: {},
};
