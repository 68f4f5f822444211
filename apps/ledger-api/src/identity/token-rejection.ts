/**
 * Why a bearer token was refused, in a sentence the caller can act on. Framework-free; the guard maps
 * TokenRejectedError to 401 and IssuerUnreachableError to 503.
 */
import { errors, type JWTPayload } from 'jose';

/** The token itself is missing, malformed, forged, expired or meant for someone else: 401. */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
}

/** The identity provider's keys could not be fetched: not the caller's fault, 503. */
export class IssuerUnreachableError extends Error {
  override readonly name = 'IssuerUnreachableError';
}

export interface TrustedIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly algorithms: readonly string[];
}

const at = (seconds: unknown): string =>
  typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : 'an unreadable time';

const claimFailure = (error: errors.JWTClaimValidationFailed, trusted: TrustedIssuer): string => {
  const payload: JWTPayload = error.payload;
  if (error.reason === 'missing') return `the token has no "${error.claim}" claim`;
  switch (error.claim) {
    case 'nbf':
      return `the token is not valid before ${at(payload.nbf)}: check the clock of the system that issued it`;
    case 'iat':
      return 'the token was issued in the future: check the clock of the system that issued it';
    case 'iss':
      return `the token's issuer ${JSON.stringify(payload.iss)} is not the issuer this service trusts (${trusted.issuer})`;
    case 'aud':
      return `the token's audience ${JSON.stringify(payload.aud)} is not this API (${trusted.audience}): request a token for it`;
    default:
      return `the token's "${error.claim}" claim is invalid: ${error.message}`;
  }
};

/** Turns a jose verification failure into a TokenRejectedError or an IssuerUnreachableError; rethrows anything else. */
export const explainVerificationFailure = (error: unknown, trusted: TrustedIssuer): Error => {
  if (error instanceof errors.JWTExpired) {
    return new TokenRejectedError(`the token expired at ${at(error.payload.exp)}: get a new token`);
  }
  if (error instanceof errors.JWTClaimValidationFailed) return new TokenRejectedError(claimFailure(error, trusted));
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new TokenRejectedError(
      "the token's signature does not match the trusted issuer's key: it was forged or signed by another issuer",
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new TokenRejectedError(
      `the token's signing algorithm is not accepted: use one of ${trusted.algorithms.join(', ')}`,
    );
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new TokenRejectedError("no key of the trusted issuer matches the token's key id (kid)");
  }
  // jose throws its generic JOSEError (no subclass) only when fetching the JWKS: an answer other than 200, or not JSON.
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || (error instanceof errors.JOSEError && error.code === errors.JOSEError.code)) {
    return new IssuerUnreachableError(`the identity provider's keys could not be fetched (${error.message}): retry later`);
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return new TokenRejectedError(`the bearer token is not a well-formed signed JWT (${error.message})`);
  }
  if (error instanceof errors.JOSEError) return new TokenRejectedError(`the token was refused: ${error.message}`);
  // fetch() failing on the JWKS URL (DNS, connection refused) surfaces as a TypeError, maybe from another realm.
  if (typeof error === 'object' && error !== null && (error as Error).name === 'TypeError') {
    const reason = (error as Error).message;
    return new IssuerUnreachableError(`the identity provider's keys could not be fetched (${reason}): retry later`);
  }
  return error instanceof Error ? error : new Error(String(error));
};
