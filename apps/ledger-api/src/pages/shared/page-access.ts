import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../../identity/index.js';
import { CSRF_FIELD, CsrfTokens } from './csrf-tokens.js';
import type { PageContext } from './page-context.js';
import { CsrfRefusedException } from './page-exceptions.js';
import { redirectAfterPost } from './page-reply.js';

export interface SignedIn {
  readonly actor: Actor;
  readonly token: string;
}

/** Where to sign in and then come back to `returnTo`. */
export const signInPath = (returnTo: string, ended = false): string =>
  `/sign-in?returnTo=${encodeURIComponent(returnTo)}${ended ? '&ended=1' : ''}`;

/** What every page handler asks first: is a form genuine, is someone signed in. */
@Injectable()
export class PageAccess {
  constructor(private readonly csrf: CsrfTokens) {}

  /** Throws (→ 403 page, nothing done) unless the form carries the token of one of our pages for this session. */
  checkForm(context: PageContext, form: Record<string, unknown>): void {
    if (this.csrf.verify(form[CSRF_FIELD], context.browserSecret, context.sessionCookie)) return;
    // A form made before its session ended (an expired token): genuine, and `signedIn` then asks to sign in again.
    const endedSession = context.endedSessionCookie;
    if (endedSession !== undefined && this.csrf.verify(form[CSRF_FIELD], context.browserSecret, endedSession)) return;
    throw new CsrfRefusedException();
  }

  /**
   * The signed-in user, or undefined after answering with a redirect to the sign-in page (which comes back to
   * `returnTo`). Which role may do what is left to the API the page calls, which says it in words.
   */
  signedIn(context: PageContext, reply: FastifyReply, returnTo: string): SignedIn | undefined {
    if (context.session.kind === 'signed-in') return { actor: context.session.actor, token: context.session.token };
    redirectAfterPost(reply, context, signInPath(returnTo, context.session.kind === 'ended'));
    return undefined;
  }
}
