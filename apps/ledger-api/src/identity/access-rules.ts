/**
 * Who may call a route, and on whose behalf: pure decisions, so the guard stays thin and handlers that find a
 * partner or tenant id elsewhere (a body, a stored request) can ask the same questions.
 *
 * A caller qualifies for a route through one of the roles the route admits. `support` and `auditor` act for
 * everyone; a `partner` only for its own `partner_id`; a customer admin (a user token with no app role) only for
 * its own tenant (`tid`).
 */
import { canonicalTenantId } from '@ledger/consent-domain';
import { ProblemException } from '../problem-details/problem.exception.js';
import { isCustomerAdmin, type Actor, type Role } from './actor.js';

/** Names the customer admin in `@Roles(...)`: the contract's "customer admin" carries no app role at all. */
export const CUSTOMER_ADMIN = 'customer-admin';
export type Caller = Role | typeof CUSTOMER_ADMIN;
export const ALL_CALLERS: readonly Caller[] = ['partner', 'support', 'auditor', CUSTOMER_ADMIN];

/**
 * Why access is refused, as a code a client (the pages, to say it in their language) can branch on. A customer
 * admin outside its tenant gets the domain's own code for it.
 */
export type AccessRefusalCode = 'ROLE_REQUIRED' | 'PARTNER_ID_CLAIM_MISSING' | 'NOT_THIS_PARTNER' | 'NOT_ADMIN_OF_TENANT';

export type AccessDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly code: AccessRefusalCode; readonly detail: string };

const ALLOWED: AccessDecision = { allowed: true };
const refuse = (code: AccessRefusalCode, detail: string): AccessDecision => ({ allowed: false, code, detail });

/** A refusal as the 403 the caller gets: its sentence in `detail`, its code in `code`. */
export const accessRefusedProblem = (decision: Extract<AccessDecision, { allowed: false }>): ProblemException =>
  new ProblemException({ status: 403, detail: decision.detail, extensions: { code: decision.code } });

/** Whether this actor qualifies as this caller. */
const qualifiesAs = (actor: Actor, caller: Caller): boolean => (caller === CUSTOMER_ADMIN ? isCustomerAdmin(actor) : actor.roles.includes(caller));

/** The callers, among those a route admits, that this actor qualifies as. */
const capacities = (actor: Actor, admitted: readonly Caller[]): Caller[] => admitted.filter((caller) => qualifiesAs(actor, caller));

/** Support and auditors act across partners and tenants. */
const actsForEveryone = (qualified: readonly Caller[]): boolean =>
  qualified.includes('support') || qualified.includes('auditor');

const describeCaller = (caller: Caller): string =>
  caller === CUSTOMER_ADMIN ? 'a customer admin (a user token with no app role)' : `the "${caller}" role`;

export const decideRoles = (actor: Actor, admitted: readonly Caller[]): AccessDecision => {
  for (const caller of admitted) if (qualifiesAs(actor, caller)) return ALLOWED;
  const held = actor.roles.length > 0 ? `roles ${actor.roles.join(', ')}` : 'no app role (a customer admin)';
  return refuse('ROLE_REQUIRED', `this operation needs ${admitted.map(describeCaller).join(' or ')}; your token has ${held}`);
};

/** A partner acts only as itself: `partnerId` (from the route) must be its token's `partner_id`. */
export const decidePartnerScope = (actor: Actor, partnerId: string, admitted: readonly Caller[]): AccessDecision => {
  const qualified = capacities(actor, admitted);
  if (actsForEveryone(qualified) || !qualified.includes('partner')) return ALLOWED;
  if (actor.partnerId === undefined) {
    return refuse('PARTNER_ID_CLAIM_MISSING', 'your token has the "partner" role but no "partner_id" claim: request a token that names your partner');
  }
  if (actor.partnerId !== partnerId) {
    return refuse('NOT_THIS_PARTNER', `a partner acts only as itself: your token is for partner ${actor.partnerId}, not ${partnerId}`);
  }
  return ALLOWED;
};

/** A customer admin acts only on its own tenant: `tenantId` (from the route) must be its token's `tid`, in any case. */
export const decideTenantScope = (actor: Actor, tenantId: string, admitted: readonly Caller[]): AccessDecision => {
  const qualified = capacities(actor, admitted);
  if (qualified.some((caller) => caller !== CUSTOMER_ADMIN)) return ALLOWED;
  if (!qualified.includes(CUSTOMER_ADMIN) || canonicalTenantId(actor.tid) === canonicalTenantId(tenantId)) return ALLOWED;
  return refuse('NOT_ADMIN_OF_TENANT', `only an administrator of tenant ${tenantId} may do this; your token is for tenant ${actor.tid}`);
};

/** The route parameters the contract uses for "whose" partner or tenant a route is about. */
export interface ScopedParams {
  readonly partnerId?: string;
  readonly tenantId?: string;
}

/** Roles first, then the partner and tenant scopes the route's parameters call for. */
export const decideAccess = (actor: Actor, admitted: readonly Caller[], params: ScopedParams): AccessDecision => {
  const roles = decideRoles(actor, admitted);
  if (!roles.allowed) return roles;
  const partner = params.partnerId === undefined ? ALLOWED : decidePartnerScope(actor, params.partnerId, admitted);
  if (!partner.allowed) return partner;
  return params.tenantId === undefined ? ALLOWED : decideTenantScope(actor, params.tenantId, admitted);
};
