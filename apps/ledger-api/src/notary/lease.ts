/** Who holds the notary lease, from the last event on the checkpoint stream. */
export interface NotaryLease {
  readonly notaryId: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

export type NotaryRole = 'holder' | 'claim' | 'standby';

/**
 * What a notary may do now. The holder checkpoints while its lease runs (each checkpoint renews it). Anyone may
 * claim a lapsed lease, but another's only one lease period after it lapsed, so the last holder gets it back first
 * after a quiet spell. Claims and checkpoints are appended with an expected revision: of two notaries racing, one
 * append fails, so at most one is ever active.
 */
export const notaryRole = (lease: NotaryLease | undefined, me: string, now: number, leaseMs: number): NotaryRole => {
  if (!lease) return 'claim';
  if (lease.notaryId === me) return now < lease.expiresAt ? 'holder' : 'claim';
  return now < lease.expiresAt + leaseMs ? 'standby' : 'claim';
};
