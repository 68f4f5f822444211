/** Identity: who is calling (a verified JWT) and what they may do. See ../shared/api.md, "Identity". */
export { IdentityModule } from './identity.module.js';
export { AuthenticationGuard } from './authentication.guard.js';
export { AccessGuard } from './access.guard.js';
export { CurrentActor, Public, Roles } from './access.decorators.js';
export { actorOf } from './request-actor.js';
export { CUSTOMER_TENANT_ID_MESSAGE, TENANT_ID_PATTERN, TenantIdPipe } from './tenant-id.pipe.js';
export {
  accessRefusedProblem,
  ALL_CALLERS,
  CUSTOMER_ADMIN,
  decideAccess,
  decidePartnerScope,
  decideRoles,
  decideTenantScope,
  type AccessDecision,
  type AccessRefusalCode,
  type Caller,
} from './access-rules.js';
export {
  GLOBAL_ADMINISTRATOR_ROLE_ID,
  ROLES,
  hasRole,
  isCloudNative,
  isCustomerAdmin,
  isGlobalAdministrator,
  type Actor,
  type Role,
} from './actor.js';
export { TokenVerifier, CLOCK_TOLERANCE_SECONDS } from './token-verifier.js';
export { IssuerUnreachableError, TokenRejectedError } from './token-rejection.js';
export { DEFAULT_LEDGER_DATA_DIR, IdentityConfigError, identityConfigFrom, type IdentityConfig } from './identity-config.js';
export { LOCAL_AUDIENCE, LOCAL_ISSUER } from './local-issuer.js';
export { mintLocalToken, type LocalTokenClaims, type LocalTokenOptions } from './local-token.js';
