import type { SubscriptionStatus } from '@ledger/event-store';
import type { ReadModelCommit } from '@ledger/projections';
import type { IndexCommit } from '../audit/ledger-index/ledger-index-batches.js';

/** What the followers' thread is started with: plain data. */
export interface LedgerFollowersData {
  /** The event store to follow (the embedded node's loopback address, or the configured cluster). */
  readonly connectionString: string;
  /** The read models' SQLite file. */
  readonly readModelsPath: string;
  /** The audit index's SQLite file. */
  readonly indexPath: string;
  /** The public keys (JWKS) checkpoints must be signed with to be indexed; absent: every checkpoint is. */
  readonly checkpointKeys?: unknown;
  /** Live, the shortest time between two commits (see `CommittingFollower`). */
  readonly liveCommitIntervalMs?: number;
}

/** How the thread's follower of `$all` is doing, as readiness shows it. */
export interface FollowingProgress {
  /** The subscription's status (undefined before it started). */
  readonly subscription: SubscriptionStatus | undefined;
  /** Every event in the store when following began has been committed (sticky once true). */
  readonly caughtUp: boolean;
  /** Events handed to the stores but not committed yet. */
  readonly uncommittedEvents: number;
  /** Why the last commit failed, until one succeeds. */
  readonly commitFailure: string | undefined;
}

/** Where the read models and the index stood when the thread opened them. */
export interface FollowersStart {
  readonly readModels: { readonly position: bigint | undefined; readonly events: number };
  readonly index: { readonly leafCount: number; readonly position: bigint | undefined };
}

export type LogLevel = 'info' | 'warn' | 'error';

/** From the followers' thread. */
export type FromFollowers =
  | { readonly type: 'ready'; readonly start: FollowersStart }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'read-models-committed'; readonly commit: ReadModelCommit }
  | { readonly type: 'index-committed'; readonly commit: IndexCommit }
  /** Both stores hold every event up to `position` that they take (sent after each commit, after its commits' messages). */
  | { readonly type: 'followed-through'; readonly position: bigint }
  | { readonly type: 'progress'; readonly progress: FollowingProgress }
  | { readonly type: 'log'; readonly level: LogLevel; readonly context: Record<string, unknown>; readonly message: string };

/** To the followers' thread: stop following, commit what was folded, close, end the thread. */
export type ToFollowers = { readonly type: 'stop' };
