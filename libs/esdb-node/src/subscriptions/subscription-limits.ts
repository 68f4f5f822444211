/**
 * How far a live subscriber may fall behind before it is dropped. A catch-up reader never needs these
 * (it reads the log only as fast as the client takes events); a live one is fed by commits, so a client
 * slower than the appends would otherwise hold an ever-growing backlog in the node's memory.
 * EventStoreDB drops such a subscriber ("consumer too slow") and the client resubscribes from its checkpoint.
 */
export interface SubscriptionLimits {
  /** Messages waiting for the client, beyond which the subscriber is dropped. */
  readonly maxLiveBacklogMessages: number;
  /** Payload bytes (data + metadata, plus a per-message overhead) waiting, beyond which it is dropped. */
  readonly maxLiveBacklogBytes: number;
  /** Events read from the log per catch-up step. */
  readonly catchUpBatchSize: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = {
  maxLiveBacklogMessages: 10_000,
  maxLiveBacklogBytes: 16 * 1024 * 1024,
  catchUpBatchSize: 512,
};
