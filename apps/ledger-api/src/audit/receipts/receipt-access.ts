import { accessRefusedProblem, CUSTOMER_ADMIN, type AccessDecision, type Caller } from '../../identity/index.js';

/** Who may read a consent receipt: the partner it names, the customer it is about, support and auditors. */
export const RECEIPT_READERS: [Caller, ...Caller[]] = ['partner', 'support', 'auditor', CUSTOMER_ADMIN];

export const forbidIfRefused = (decision: AccessDecision): void => {
  if (!decision.allowed) throw accessRefusedProblem(decision);
};
