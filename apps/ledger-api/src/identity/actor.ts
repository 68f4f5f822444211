/**
 * The caller of the API, as the verified token describes it. Claims follow Microsoft Entra ID tokens
 * (see ../shared/api.md, "Identity") so that a real deployment can point at Entra and work unchanged.
 */

/** The app roles a token may carry. A customer admin carries none. */
export const ROLES = ['partner', 'support', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Entra's role template id of Global Administrator, as found in the `wids` claim. */
export const GLOBAL_ADMINISTRATOR_ROLE_ID = '62e90394-69f5-4237-9190-012177145e10';

const CLOUD_NATIVE_DOMAIN_SUFFIX = '.onmicrosoft.com';

export interface Actor {
  /** `sub`: the user or app calling. */
  readonly sub: string;
  /** `tid`: the caller's tenant (a customer's tenant for customer admins). */
  readonly tid: string;
  /** `roles`, restricted to the known app roles; unknown roles are dropped, never trusted. */
  readonly roles: readonly Role[];
  /** `partner_id`: which enrolled partner a `partner` caller acts for. */
  readonly partnerId?: string;
  /** `wids`: Entra directory role template ids. */
  readonly wids: readonly string[];
  /** `upn`, else `preferred_username`: the user's sign-in name. */
  readonly signInName?: string;
}

export class InvalidClaimsError extends Error {
  override readonly name = 'InvalidClaimsError';
}

const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

const stringClaim = (claims: Record<string, unknown>, name: string): string | undefined => {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidClaimsError(`the token's "${name}" claim must be a non-empty string`);
  }
  return value;
};

const stringListClaim = (claims: Record<string, unknown>, name: string): string[] => {
  const value = claims[name];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new InvalidClaimsError(`the token's "${name}" claim must be an array of strings`);
  }
  return value;
};

/** Reads an Actor from verified claims; throws InvalidClaimsError naming the claim that is missing or malformed. */
export const actorFromClaims = (claims: Record<string, unknown>): Actor => {
  const sub = stringClaim(claims, 'sub');
  const tid = stringClaim(claims, 'tid');
  if (sub === undefined) throw new InvalidClaimsError('the token has no "sub" claim: it must name the caller');
  if (tid === undefined) throw new InvalidClaimsError('the token has no "tid" claim: it must name the caller\'s tenant');
  const partnerId = stringClaim(claims, 'partner_id');
  const signInName = stringClaim(claims, 'upn') ?? stringClaim(claims, 'preferred_username');
  return {
    sub,
    tid,
    roles: stringListClaim(claims, 'roles').filter(isRole),
    wids: stringListClaim(claims, 'wids'),
    ...(partnerId === undefined ? {} : { partnerId }),
    ...(signInName === undefined ? {} : { signInName }),
  };
};

export const hasRole = (actor: Actor, role: Role): boolean => actor.roles.includes(role);

/** A customer admin is a user of a customer's tenant: a token with no app role at all. */
export const isCustomerAdmin = (actor: Actor): boolean => actor.roles.length === 0;

export const isGlobalAdministrator = (actor: Actor): boolean => actor.wids.includes(GLOBAL_ADMINISTRATOR_ROLE_ID);

/** Cloud-native: the sign-in name's domain is a `*.onmicrosoft.com` domain (required to accept an OEM link). */
export const isCloudNative = (actor: Actor): boolean => {
  const at = actor.signInName?.lastIndexOf('@') ?? -1;
  if (actor.signInName === undefined || at < 0) return false;
  return actor.signInName.slice(at + 1).toLowerCase().endsWith(CLOUD_NATIVE_DOMAIN_SUFFIX);
};
