/** Who holds the notary lease, from the last event on the checkpoint stream. */
export interface NotaryLease {
  readonly notaryId: string;
  /** Epoch milliseconds, as its event says. */
  readonly expiresAt: number;
  /** When the store recorded that event (epoch milliseconds): a lease runs at most one lease period from then. */
  readonly recordedAt: number;
}

export type NotaryRole = 'holder' | 'claim' | 'standby';

/**
 * What a notary may do now. The holder checkpoints while its lease runs (each checkpoint renews it). Anyone may
 * claim a lapsed lease, but another's only one lease period after it lapsed, so the last holder gets it back first
 * after a quiet spell. Claims and checkpoints are appended with an expected revision: of two notaries racing, one
 * append fails, so at most one is ever active. A lease claiming to run longer than one lease period from when it was
 * recorded (an event appended to the stream by someone else than a notary, with its expiry years ahead) is held to
 * that period: it cannot stop checkpoints for good.
 */
export const notaryRole = (lease: NotaryLease | undefined, me: string, now: number, leaseMs: number): NotaryRole => {
  if (!lease) return 'claim';
  const expiresAt = Math.min(lease.expiresAt, lease.recordedAt + leaseMs);
  if (lease.notaryId === me) return now < expiresAt ? 'holder' : 'claim';
  return now < expiresAt + leaseMs ? 'standby' : 'claim';
};
