import type { SubscriptionState } from '@ledger/event-store';

/** What readiness shows of the projections. */
export interface ProjectionStatus {
  /** Every event in the store at start has been folded and committed (sticky once true). */
  readonly caughtUp: boolean;
  readonly subscription: SubscriptionState | 'not-started';
  /** `$all` position of the last event in the committed read models. */
  readonly committedPosition: bigint | undefined;
  /** Events folded but not committed yet. */
  readonly uncommittedEvents: number;
  /** Ledger events the committed read models hold. */
  readonly committedEvents: number;
  /**
   * How far behind the ledger the read models are, in ms: 0 when live with nothing uncommitted, else the age
   * of the last committed event (while catching up: how old the history still being read is).
   */
  readonly lagMs: number;
  readonly failure?: string;
}
