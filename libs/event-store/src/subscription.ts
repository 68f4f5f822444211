import type { AllPosition, RecordedEvent } from './events.js';

/** A server-side filter on event types: either prefixes or one regular expression. */
export type EventTypeFilter = { readonly eventTypePrefixes: readonly string[] } | { readonly eventTypeRegex: string };

export type EventHandler = (event: RecordedEvent) => Promise<void> | void;

export interface SubscribeToAllOptions {
  /** Names the subscription in logs and in readiness (e.g. `projections`). */
  readonly name: string;
  /** Deliver events after this position (`'start'`: from the first event). */
  readonly fromPosition: AllPosition;
  /** Without a filter every non-system event (type not starting with `$`) is delivered. */
  readonly filter?: EventTypeFilter;
  /**
   * Called once per event, in `$all` order, one at a time. A throw is logged with the event's position
   * and the same event is retried with backoff until the handler succeeds or the subscription stops:
   * an event is never skipped.
   */
  readonly handler: EventHandler;
}

/**
 * - `catching-up`: delivering history; `live`: caught up, delivering new events as they come;
 * - `reconnecting`: the store dropped the subscription, it resubscribes after the last delivered event;
 * - `handler-failing`: the handler threw on the event at `failure.position`, which is being retried;
 * - `stopped`: closed by `stop()` or `dispose()`.
 */
export type SubscriptionState = 'catching-up' | 'live' | 'reconnecting' | 'handler-failing' | 'stopped';

export interface SubscriptionStatus {
  readonly name: string;
  readonly state: SubscriptionState;
  /** Position of the last event the handler finished, or undefined before the first. */
  readonly lastDeliveredPosition: bigint | undefined;
  /** Why it is not healthy, when it is `reconnecting` or `handler-failing`. */
  readonly failure?: { readonly message: string; readonly position?: bigint; readonly attempts: number };
}

export interface AllSubscription {
  readonly name: string;
  /**
   * Resolves the first time every matching event up to the store's end has been handled (later drops and
   * resubscriptions do not reset it; `status().state` does). Never resolves if stopped before that.
   */
  readonly caughtUp: Promise<void>;
  status(): SubscriptionStatus;
  /** Stops delivering; resolves once the handler in progress (if any) has returned. */
  stop(): Promise<void>;
}
