import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a consent link token names: a CSP consent request, or an OEM's unique link. */
export type ConsentLinkTarget =
  | { readonly kind: 'CSP_CONSENT_REQUEST'; readonly requestId: string }
  | { readonly kind: 'OEM_CONSENT_LINK'; readonly partnerId: string; readonly linkId: string };

const MAX_TOKEN_LENGTH = 512;
const ID = /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/;

const payloadOf = (target: ConsentLinkTarget): string =>
  target.kind === 'CSP_CONSENT_REQUEST' ? `csp:${target.requestId}` : `oem:${target.partnerId}:${target.linkId}`;

const targetOf = (payload: string): ConsentLinkTarget | undefined => {
  const parts = payload.split(':');
  if (parts[0] === 'csp' && parts.length === 2 && ID.test(parts[1]!)) {
    return { kind: 'CSP_CONSENT_REQUEST', requestId: parts[1]! };
  }
  if (parts[0] === 'oem' && parts.length === 3 && ID.test(parts[1]!) && ID.test(parts[2]!)) {
    return { kind: 'OEM_CONSENT_LINK', partnerId: parts[1]!, linkId: parts[2]! };
  }
  return undefined;
};

/**
 * Consent link tokens: `base64url(payload) "." base64url(HMAC-SHA256(secret, payload))`, the payload
 * naming a request id or an OEM's partner and link ids (random UUIDs chosen by the service).
 *
 * Why an HMAC rather than a JWS signed with the local Ed25519 key: only this service ever checks a
 * token, so a shared-secret MAC is enough, keeps links short, and works the same whether identity is
 * local or an external issuer (which has no local key). The ids are random and the MAC needs the secret,
 * so a token can be neither guessed nor forged; the ledger records ids, never tokens, and the current
 * link is shown again by signing the same id (the MAC is deterministic). Single use, expiry, cancel and
 * replacement are the deciders' business, not the token's.
 */
export class ConsentLinkToken {
  constructor(private readonly secret: Buffer) {}

  sign(target: ConsentLinkTarget): string {
    const payload = Buffer.from(payloadOf(target), 'utf8');
    return `${payload.toString('base64url')}.${this.mac(payload).toString('base64url')}`;
  }

  /** The target of a token this service signed; undefined for anything else (forged, altered, garbage). */
  verify(token: string): ConsentLinkTarget | undefined {
    if (token.length > MAX_TOKEN_LENGTH) return undefined;
    const [encodedPayload, encodedMac, ...rest] = token.split('.');
    if (encodedPayload === undefined || encodedMac === undefined || rest.length > 0) return undefined;
    const payload = Buffer.from(encodedPayload, 'base64url');
    const given = Buffer.from(encodedMac, 'base64url');
    const expected = this.mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    // base64url decoding is lenient; only the canonical spelling of a token is accepted.
    if (payload.toString('base64url') !== encodedPayload) return undefined;
    return targetOf(payload.toString('utf8'));
  }

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(payload).digest();
  }
}
