import type { Actor } from '../identity/index.js';
import { ProblemException } from '../problem-details/problem.exception.js';

/** The partner a `partner` caller acts for (its token's `partner_id`); 403 when the token names none. */
export const actingPartnerId = (actor: Actor): string => {
  if (actor.partnerId === undefined) {
    throw new ProblemException({
      status: 403,
      detail: 'your token has the "partner" role but no "partner_id" claim: request a token that names your partner',
      extensions: { code: 'PARTNER_ID_CLAIM_MISSING' },
    });
  }
  return actor.partnerId;
};
