/**
 * The caller as the identity provider describes it: the claims of an Entra-shaped access token
 * (api.md, "Identity"). Claim names are kept as they appear in the token so the edge can pass the
 * verified payload through unchanged.
 */
export interface Actor {
  /** The caller (user or app). */
  readonly sub: string;
  /** The caller's tenant id: for a customer admin, the customer's tenant. */
  readonly tid: string;
  /** App roles: `partner`, `support`, `auditor`; a customer admin has none. */
  readonly roles?: readonly string[];
  /** For `partner` callers: the enrolled partner they act for. */
  readonly partner_id?: string;
  /** Entra directory role template ids held by the user. */
  readonly wids?: readonly string[];
  /** The user's sign-in name. */
  readonly upn?: string;
  /** Entra's other spelling of the sign-in name (v2 tokens), used when `upn` is absent. */
  readonly preferred_username?: string;
}

/**
 * A tenant id in the one spelling the ledger keeps: lower case. An Entra tenant id is a GUID, which compares
 * without case (RFC 4122), and Entra's `tid` claim is lower case; partner systems often hold the same GUID in upper
 * case. Every tenant id that comes in (a claim, a route, a body) is compared and recorded in this form.
 */
export const canonicalTenantId = (tenantId: string): string => tenantId.toLowerCase();

/** Entra's role template id of Global Administrator: the only role that may accept a consent (seed, step 2). */
export const GLOBAL_ADMINISTRATOR_ROLE_ID = '62e90394-69f5-4237-9190-012177145e10';

/** The domain every cloud-native Entra account signs in under (seed, "Autorisation OEM", step 2). */
export const CLOUD_NATIVE_DOMAIN_SUFFIX = '.onmicrosoft.com';

export const isGlobalAdministrator = (actor: Actor): boolean =>
  (actor.wids ?? []).includes(GLOBAL_ADMINISTRATOR_ROLE_ID);

export const signInNameOf = (actor: Actor): string | undefined => actor.upn ?? actor.preferred_username;

/** What Entra puts in a B2B guest's sign-in name in the inviting tenant (`alice_fabrikam.com#EXT#@contoso.onmicrosoft.com`). */
const GUEST_MARKER = '#ext#';

/**
 * Cloud-native: the sign-in name's domain is `<something>.onmicrosoft.com` (not a federated or custom domain), and
 * it is not a B2B guest's name there: a guest's account lives in another directory.
 */
export const isCloudNative = (signInName: string | undefined): boolean => {
  if (signInName === undefined) return false;
  const at = signInName.lastIndexOf('@');
  if (at <= 0) return false;
  if (signInName.slice(0, at).toLowerCase().includes(GUEST_MARKER)) return false;
  const domain = signInName.slice(at + 1).toLowerCase();
  return domain.endsWith(CLOUD_NATIVE_DOMAIN_SUFFIX) && domain.length > CLOUD_NATIVE_DOMAIN_SUFFIX.length;
};

/** Who did something, as events record it: the subject and, for users, their sign-in name. */
export interface ActorRef {
  readonly sub: string;
  readonly tenantId: string;
  readonly signInName?: string;
}

export const actorRefOf = (actor: Actor): ActorRef => {
  const signInName = signInNameOf(actor);
  return signInName === undefined
    ? { sub: actor.sub, tenantId: actor.tid }
    : { sub: actor.sub, tenantId: actor.tid, signInName };
};
