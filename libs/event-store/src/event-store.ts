import type { AllPosition, AppendOutcome, ExpectedRevision, NewEvent, RecordedEvent } from './events.js';
import type { AllSubscription, SubscribeToAllOptions, SubscriptionStatus } from './subscription.js';

export interface ReadStreamOptions {
  /** First revision to return (default 0). */
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  readonly fromPosition?: AllPosition;
  /** Events fetched per round trip (default 500). */
  readonly batchSize?: number;
}

/**
 * The one interface the service uses to read and write events. An abstract class rather than an
 * interface so that it doubles as a Nest injection token; nothing here depends on Nest or on a client.
 *
 * Errors every method may throw: `StoreUnavailableError` when the store does not answer;
 * `append` also throws `ConcurrencyError` when the expected revision does not hold.
 */
export abstract class EventStore {
  /** Appends all the events or none. */
  abstract append(
    stream: string,
    events: readonly NewEvent[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendOutcome>;

  /**
   * A stream's events, forwards. A stream that does not exist (or was deleted) reads as `[]`:
   * a decider then starts from its initial state and appends with `'no_stream'`.
   */
  abstract readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** Every non-system event of `$all` after `fromPosition`, in order, fetched in batches. */
  abstract readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;

  /**
   * `readAll`'s events, a batch at a time (a batch may be empty; none is longer than `batchSize`): for
   * bulk readers such as a rebuild, which then take a step per batch rather than per event. This default
   * groups `readAll`; an adapter may hand over each of the store's answers as it comes.
   */
  async *readAllBatches(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent[]> {
    const size = options.batchSize ?? 500;
    let batch: RecordedEvent[] = [];
    for await (const event of this.readAll(options)) {
      batch.push(event);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /**
   * A subscription to `$all` that survives the store going away: it resubscribes after the last event
   * its handler finished, with backoff, so the handler sees every matching event once, in order.
   */
  abstract subscribeToAll(options: SubscribeToAllOptions): AllSubscription;

  /** Resolves when the store answers a read within a short deadline; throws `StoreUnavailableError` otherwise. */
  abstract ping(): Promise<void>;

  /** The state of every open subscription, for readiness. */
  abstract subscriptionStatuses(): SubscriptionStatus[];

  /** Stops every subscription and closes the connection. */
  abstract dispose(): Promise<void>;
}
