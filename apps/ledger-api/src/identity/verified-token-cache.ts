import type { Actor } from './actor.js';

/** How many verified tokens are remembered; past this the oldest verification is forgotten first. */
export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

/**
 * The longest a verification is reused, whatever the token's `exp`: bounds how long a token signed by a
 * key the issuer has since withdrawn from its JWKS keeps working here.
 */
export const VERIFIED_TOKEN_MAX_AGE_MS = 5 * 60_000;

interface Verified {
  readonly actor: Actor;
  /** Epoch ms after which the token must be verified again. */
  readonly until: number;
}

/**
 * Tokens whose signature and claims were verified, keyed by the exact token string, so that a partner
 * sending the same bearer token on every call pays for one Ed25519/RSA verification, not one per request.
 * An entry lives until the token's `exp` (never past it, clock tolerance or not) and at most
 * VERIFIED_TOKEN_MAX_AGE_MS; only successful verifications are kept, so a rejected token is judged anew.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Verified>();

  constructor(
    private readonly capacity = VERIFIED_TOKEN_CACHE_SIZE,
    private readonly maxAgeMs = VERIFIED_TOKEN_MAX_AGE_MS,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The actor of a token verified earlier and still within its life, else undefined. */
  get(token: string, now = Date.now()): Actor | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (now < entry.until) return entry.actor;
    this.entries.delete(token);
    return undefined;
  }

  /** Remembers a verified token; `expSeconds` is its `exp` claim. */
  remember(token: string, actor: Actor, expSeconds: number, now = Date.now()): void {
    const until = Math.min(expSeconds * 1000, now + this.maxAgeMs);
    if (until <= now) return;
    this.entries.delete(token);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { actor: freezeActor(actor), until });
  }
}

/** One actor object serves many requests: nothing may change it on the way. */
const freezeActor = (actor: Actor): Actor => {
  Object.freeze(actor.roles);
  Object.freeze(actor.wids);
  return Object.freeze(actor);
};
