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

/** What a projection's status is computed from, wherever it runs. */
export interface ProjectionProgress {
  readonly caughtUp: boolean;
  readonly subscription: SubscriptionState | 'not-started';
  readonly committedPosition: bigint | undefined;
  readonly committedEvents: number;
  /** When the last committed event was recorded, if known. */
  readonly committedCreatedAt: Date | undefined;
  readonly uncommittedEvents: number;
  readonly failure: string | undefined;
}

/** The status readiness shows, with the lag: 0 when live with nothing uncommitted, else the last committed event's age. */
export const projectionStatus = (progress: ProjectionProgress, now: number = Date.now()): ProjectionStatus => {
  const live = progress.subscription === 'live' && progress.uncommittedEvents === 0;
  const lastCreated = progress.committedCreatedAt;
  return {
    caughtUp: progress.caughtUp,
    subscription: progress.subscription,
    committedPosition: progress.committedPosition,
    committedEvents: progress.committedEvents,
    uncommittedEvents: progress.uncommittedEvents,
    lagMs: live || lastCreated === undefined ? 0 : Math.max(0, now - lastCreated.getTime()),
    ...(progress.failure === undefined ? {} : { failure: progress.failure }),
  };
};
