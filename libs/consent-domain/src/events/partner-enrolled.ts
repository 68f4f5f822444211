import type { PartnerKind } from '../partner-kind.js';
import type { DomainEvent, EventSchema } from './domain-event.js';

/** Support enrolled a partner (stream `partner-<partnerId>`). */
export interface PartnerEnrolledData {
  readonly schemaVersion: 1;
  /** The partner's id, chosen by support; it names the partner's streams. */
  readonly partnerId: string;
  /** The partner's display name, shown to customers on the consent page. */
  readonly name: string;
  readonly kind: PartnerKind;
  /** Only an OEM can be eligible for the OEM Direct API; always false for CSPs. */
  readonly oemDirectApiEligible: boolean;
  /** For a `CSP_INDIRECT_RESELLER`: its enrolled `CSP_INDIRECT_PROVIDER`, authorised with it. */
  readonly indirectProviderId?: string;
  /** When support enrolled it (ISO-8601). */
  readonly enrolledAt: string;
}

export type PartnerEnrolled = DomainEvent<'PartnerEnrolled', PartnerEnrolledData>;

export const PartnerEnrolledSchema: EventSchema<'PartnerEnrolled'> = {
  type: 'PartnerEnrolled',
  currentVersion: 1,
  // v2 goes here: `1: (v1) => ({ ...v1, schemaVersion: 2, <new field>: <default> })`.
  upcasters: {},
};
