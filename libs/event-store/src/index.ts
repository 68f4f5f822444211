export { EventStore, type ReadAllOptions, type ReadStreamOptions } from './event-store.js';
export type {
  ActualRevision,
  AllPosition,
  AppendOutcome,
  ExpectedRevision,
  JsonObject,
  JsonValue,
  NewEvent,
  RecordedEvent,
} from './events.js';
export { ConcurrencyError, StoreUnavailableError } from './errors.js';
export type {
  AllSubscription,
  EventHandler,
  EventTypeFilter,
  SubscribeToAllOptions,
  SubscriptionState,
  SubscriptionStatus,
} from './subscription.js';
export { PositionWaiters } from './position-waiters.js';
export { stderrLogger, type EventStoreLogger } from './event-store-logger.js';
export type { BackoffPolicy } from './esdb/backoff.js';
export { EsdbEventStore, connectionStringProblem, type EsdbEventStoreOptions } from './esdb/esdb-event-store.js';
export { widenHttp2ReceiveWindows } from './esdb/http2-receive-window.js';
export { CommittingFollower, type BatchStore, type CommittingFollowerOptions } from './committing-follower.js';
export { FanOutStore, type FanOutBranch } from './fan-out-store.js';
