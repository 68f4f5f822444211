/**
 * Verifies bearer tokens with jose: signature, exp/nbf, issuer, audience; then reads the Actor.
 * Framework-free: the Nest guard calls it, tests may too.
 */
import { createRemoteJWKSet, jwtVerify, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import { actorFromClaims, InvalidClaimsError, type Actor } from './actor.js';
import type { IdentityConfig } from './identity-config.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LOCAL_VERIFY_ALGORITHMS } from './local-issuer.js';
import { loadOrCreateLocalSigningKey } from './local-signing-key.js';
import { explainVerificationFailure, TokenRejectedError, type TrustedIssuer } from './token-rejection.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

/** Asymmetric algorithms only: an HMAC token "signed" with a public key must never verify. Entra signs RS256. */
const EXTERNAL_ALGORITHMS: readonly string[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'Ed25519', 'EdDSA'];

/** Tolerated clock skew between the issuer and this service. */
export const CLOCK_TOLERANCE_SECONDS = 60;

type VerificationKey = CryptoKey | JWTVerifyGetKey;

export class TokenVerifier {
  private readonly verified = new VerifiedTokenCache();

  private constructor(
    private readonly key: VerificationKey,
    readonly trusted: TrustedIssuer,
  ) {}

  /** Local mode creates the signing key on first start (so the CLI and the service share it) and trusts only it. */
  static async forConfig(config: IdentityConfig): Promise<TokenVerifier> {
    if (config.kind === 'external') {
      const trusted = { issuer: config.issuer, audience: config.audience, algorithms: EXTERNAL_ALGORITHMS };
      return new TokenVerifier(createRemoteJWKSet(config.jwksUrl), trusted);
    }
    const { publicKey } = await loadOrCreateLocalSigningKey(config.dataDir);
    const trusted = { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: LOCAL_VERIFY_ALGORITHMS };
    return new TokenVerifier(publicKey, trusted);
  }

  /** The actor of a token this verifier accepted earlier and still would (its cached verification), else undefined. */
  verifiedBefore(token: string): Actor | undefined {
    return this.verified.get(token);
  }

  /**
   * Resolves to the caller, or rejects with TokenRejectedError (401) or IssuerUnreachableError (503).
   * A token verified before and not yet expired is answered from memory (see VerifiedTokenCache).
   */
  async verify(token: string): Promise<Actor> {
    const known = this.verifiedBefore(token);
    if (known !== undefined) return known;
    const options = {
      issuer: this.trusted.issuer,
      audience: this.trusted.audience,
      algorithms: [...this.trusted.algorithms],
      requiredClaims: ['exp', 'sub', 'tid'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    };
    let payload: Record<string, unknown>;
    try {
      // Two calls rather than a union: jose's overloads take either a key or a key-getter.
      payload = (
        typeof this.key === 'function'
          ? await jwtVerify(token, this.key, options)
          : await jwtVerify(token, this.key, options)
      ).payload;
    } catch (error) {
      throw explainVerificationFailure(error, this.trusted);
    }
    let actor: Actor;
    try {
      actor = actorFromClaims(payload);
    } catch (error) {
      if (error instanceof InvalidClaimsError) throw new TokenRejectedError(error.message);
      throw error;
    }
    // `exp` is a required claim, so jose has checked it is a number.
    this.verified.remember(token, actor, payload['exp'] as number);
    return actor;
  }
}
