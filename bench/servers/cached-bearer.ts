import { jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../apps/ledger-api/src/identity/index.js';

/**
 * The floors' bearer check: the token verified with jose against the local signing key once, then answered from a
 * map until its `exp` (as the service caches its verifications). Undefined for a missing or rejected token.
 */
export const cachedBearer = (publicKey: CryptoKey): ((authorization: string | undefined) => Promise<JWTPayload | undefined>) => {
  const verified = new Map<string, JWTPayload>();
  return async (authorization) => {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
    if (token === undefined) return undefined;
    const known = verified.get(token);
    if (known !== undefined && (known.exp ?? 0) * 1000 > Date.now()) return known;
    try {
      const { payload } = await jwtVerify(token, publicKey, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE });
      verified.set(token, payload);
      return payload;
    } catch {
      return undefined;
    }
  };
};
