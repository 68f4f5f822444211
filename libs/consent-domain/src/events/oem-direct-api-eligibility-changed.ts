import type { DomainEvent, EventSchema } from './domain-event.js';

/**
 * Support changed whether an OEM may use the OEM Direct API (stream `partner-<partnerId>`).
 * The one change to an enrolment the seed implies: an OEM's link is valid only while it is eligible.
 */
export interface OemDirectApiEligibilityChangedData {
  readonly schemaVersion: 1;
  readonly partnerId: string;
  /** The eligibility from now on. */
  readonly oemDirectApiEligible: boolean;
  readonly changedAt: string;
}

export type OemDirectApiEligibilityChanged = DomainEvent<
  'OemDirectApiEligibilityChanged',
  OemDirectApiEligibilityChangedData
>;

export const OemDirectApiEligibilityChangedSchema: EventSchema<'OemDirectApiEligibilityChanged'> = {
  type: 'OemDirectApiEligibilityChanged',
  currentVersion: 1,
  upcasters: {},
};
