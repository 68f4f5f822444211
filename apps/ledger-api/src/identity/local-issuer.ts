/**
 * The local issuer: what the service trusts when no external identity provider is configured
 * (none of AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE set). Tokens are minted by `npm run token`
 * with the Ed25519 key kept in `${LEDGER_DATA_DIR}/keys/`. Framework-free: the token CLI reuses it.
 */
import { join } from 'node:path';

/** `iss` of every locally minted token. A URN, so it can never be mistaken for a real Entra issuer URL. */
export const LOCAL_ISSUER = 'urn:consent-ledger:local-issuer';
/** `aud` of every locally minted token: the ledger API itself. */
export const LOCAL_AUDIENCE = 'urn:consent-ledger:api';
/** The JWS `alg` of local tokens (RFC 9864's fully specified name for Ed25519). */
export const LOCAL_SIGNING_ALGORITHM = 'Ed25519';
/** Also accepted when verifying: the older, polymorphic name other tools use for the same Ed25519 signatures. */
export const LOCAL_VERIFY_ALGORITHMS: readonly string[] = [LOCAL_SIGNING_ALGORITHM, 'EdDSA'];

export const localKeysDir = (dataDir: string): string => join(dataDir, 'keys');
/** The private key, as a JWK (it includes the public part `x`). */
export const localSigningKeyPath = (dataDir: string): string => join(localKeysDir(dataDir), 'local-issuer.ed25519.jwk.json');
