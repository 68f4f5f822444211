/**
 * Mints tokens signed by the local issuer, for local use and tests (`npm run token`). Framework-free.
 * The claims have the shape of Entra ID tokens, so the service reads local and real tokens the same way.
 */
import { SignJWT } from 'jose';
import type { Role } from './actor.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LOCAL_SIGNING_ALGORITHM } from './local-issuer.js';
import { loadOrCreateLocalSigningKey } from './local-signing-key.js';

export interface LocalTokenClaims {
  readonly sub: string;
  readonly tid: string;
  readonly roles?: readonly Role[];
  /** Sent as `partner_id`. */
  readonly partnerId?: string;
  readonly wids?: readonly string[];
  readonly upn?: string;
  readonly preferredUsername?: string;
}

export interface LocalTokenOptions {
  /** `nbf`: the token is refused before this moment (default: now). */
  readonly notBefore?: Date;
  /** Overrides the issuer or audience, to build the wrong tokens tests need. */
  readonly issuer?: string;
  readonly audience?: string;
}

/** The token lifetime when none is given: long enough for a working session, short enough to expire the same day. */
export const DEFAULT_LOCAL_TOKEN_TTL = '1h';

/**
 * Signs a token with the local key of `dataDir` (creating the key if needed).
 * `ttl` is a jose time span such as `15m`, `1h`, `2d`; a negative one (`-1h`) yields an already expired token.
 */
export const mintLocalToken = async (
  dataDir: string,
  claims: LocalTokenClaims,
  ttl: string = DEFAULT_LOCAL_TOKEN_TTL,
  options: LocalTokenOptions = {},
): Promise<string> => {
  const key = await loadOrCreateLocalSigningKey(dataDir);
  const payload: Record<string, unknown> = { tid: claims.tid, roles: [...(claims.roles ?? [])] };
  if (claims.partnerId !== undefined) payload.partner_id = claims.partnerId;
  if (claims.wids !== undefined) payload.wids = [...claims.wids];
  if (claims.upn !== undefined) payload.upn = claims.upn;
  if (claims.preferredUsername !== undefined) payload.preferred_username = claims.preferredUsername;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: LOCAL_SIGNING_ALGORITHM, typ: 'JWT', kid: key.kid })
    .setSubject(claims.sub)
    .setIssuer(options.issuer ?? LOCAL_ISSUER)
    .setAudience(options.audience ?? LOCAL_AUDIENCE)
    .setIssuedAt()
    .setNotBefore(options.notBefore ?? new Date())
    .setExpirationTime(ttl)
    .sign(key.privateKey);
};
