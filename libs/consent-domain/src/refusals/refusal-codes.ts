/**
 * How the edge should answer a refusal. The domain knows nothing of HTTP; the API maps
 * `forbidden` → 403, `not_found` → 404, `conflict` → 409, `rule` → 422 (api.md, "Errors").
 */
export type RefusalKind = 'forbidden' | 'not_found' | 'conflict' | 'rule';

/**
 * Every refusal the deciders can give, with its kind. One table so the edge, the OpenAPI document
 * and the tests agree on codes.
 */
export const REFUSAL_KINDS = {
  // identity: who may do this
  NOT_GLOBAL_ADMIN: 'forbidden',
  WRONG_TENANT: 'forbidden',
  NOT_CLOUD_NATIVE: 'forbidden',
  NOT_YOUR_CONSENT_REQUEST: 'forbidden',
  NOT_ADMIN_OF_TENANT: 'forbidden',

  // something that does not exist
  PARTNER_NOT_ENROLLED: 'not_found',
  CONSENT_REQUEST_NOT_FOUND: 'not_found',
  OEM_CONSENT_LINK_NOT_FOUND: 'not_found',
  RELATIONSHIP_NOT_FOUND: 'not_found',
  OEM_REVOCATION_REQUEST_NOT_FOUND: 'not_found',

  // the current state says no
  PARTNER_ALREADY_ENROLLED: 'conflict',
  OEM_CONSENT_LINK_ALREADY_REQUESTED: 'conflict',
  OEM_CONSENT_LINK_ID_ALREADY_USED: 'conflict',
  CONSENT_REQUEST_ALREADY_EXISTS: 'conflict',
  CONSENT_REQUEST_ALREADY_ACCEPTED: 'conflict',
  CONSENT_REQUEST_CANCELLED: 'conflict',
  CONSENT_REQUEST_EXPIRED: 'conflict',
  CONSENT_REQUEST_NOT_ACCEPTED: 'conflict',
  OEM_CONSENT_LINK_REPLACED: 'conflict',
  OEM_CONSENT_LINK_INACTIVE: 'conflict',
  OEM_CONSENT_ALREADY_ACTIVE: 'conflict',
  NO_DAP: 'conflict',
  DAP_THROUGH_RESELLER: 'conflict',
  OEM_CONSENT_NOT_ACTIVE: 'conflict',
  OEM_REVOCATION_ALREADY_PENDING: 'conflict',
  NO_PENDING_OEM_REVOCATION: 'conflict',

  // a rule of the domain refuses it
  INVALID_PARTNER_ID: 'rule',
  PARTNER_NAME_REQUIRED: 'rule',
  OEM_ELIGIBILITY_ONLY_FOR_OEM: 'rule',
  INDIRECT_PROVIDER_REQUIRED: 'rule',
  INDIRECT_PROVIDER_ONLY_FOR_RESELLER: 'rule',
  INDIRECT_PROVIDER_NOT_ENROLLED: 'rule',
  INDIRECT_PROVIDER_WRONG_KIND: 'rule',
  NOT_AN_OEM: 'rule',
  OEM_NOT_ELIGIBLE: 'rule',
  OEM_USES_ITS_CONSENT_LINK: 'rule',
  INDIRECT_PROVIDER_CANNOT_REQUEST_CONSENT: 'rule',
  ADMIN_ROLES_WITHOUT_DAP: 'rule',
  INVALID_LINK_TTL: 'rule',
  DAP_NEVER_GRANTED_TO_OEM: 'rule',
  REVOCATION_ONLY_FOR_OEM: 'rule',
  REASON_REQUIRED: 'rule',
} as const satisfies Record<string, RefusalKind>;

export type RefusalCode = keyof typeof REFUSAL_KINDS;
