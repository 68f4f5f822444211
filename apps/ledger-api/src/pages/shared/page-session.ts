import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { IssuerUnreachableError, TokenVerifier, type Actor } from '../../identity/index.js';

/** The cookie holding the signed-in user's bearer token (HttpOnly: no script can read it). */
export const SESSION_COOKIE = 'ledger_session';

export type SessionState =
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'ended' }
  | { readonly kind: 'signed-in'; readonly token: string; readonly actor: Actor };

/**
 * Who is signed in: the session cookie's token, verified exactly as the API verifies a bearer token (same
 * issuer, audience, signature and expiry rules). An expired or foreign token is an ended session, not an error; an
 * identity provider whose keys cannot be fetched is a 503, the session kept.
 */
@Injectable()
export class PageSessions {
  constructor(private readonly verifier: TokenVerifier) {}

  async stateOf(token: string | undefined): Promise<SessionState> {
    if (token === undefined || token === '') return { kind: 'signed-out' };
    try {
      return { kind: 'signed-in', token, actor: await this.verifier.verify(token) };
    } catch (error) {
      // The provider's keys could not be fetched: the token may well be good, so the session stays (a 503 page).
      if (error instanceof IssuerUnreachableError) throw new ServiceUnavailableException(error.message);
      return { kind: 'ended' };
    }
  }
}
