import type { DomainRefusal, RefusalKind } from '@ledger/consent-domain';
import { problemType } from '../problem-details/problem-details.js';
import { ProblemException } from '../problem-details/problem.exception.js';

const STATUS_OF: Readonly<Record<RefusalKind, number>> = {
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule: 422,
};

/**
 * A domain refusal as the contract answers it: 403/404/409/422 by its kind, `detail` its sentence and
 * `code` its code, so a client can branch on the code and show the sentence.
 */
export const refusalProblem = (refusal: DomainRefusal): ProblemException =>
  new ProblemException({
    status: STATUS_OF[refusal.kind],
    type: problemType(`refusal:${refusal.code.toLowerCase().replaceAll('_', '-')}`),
    detail: refusal.message,
    extensions: { code: refusal.code },
  });
