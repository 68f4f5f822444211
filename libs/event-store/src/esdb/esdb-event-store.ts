import {
  EventStoreDBClient,
  START,
  StreamNotFoundError,
  jsonEvent,
  type AppendResult,
} from '@eventstore/db-client';
import { EventStore, type ReadAllOptions, type ReadStreamOptions } from '../event-store.js';
import { stderrLogger, type EventStoreLogger } from '../event-store-logger.js';
import type { AppendOutcome, ExpectedRevision, NewEvent, RecordedEvent } from '../events.js';
import type { AllSubscription, SubscribeToAllOptions, SubscriptionStatus } from '../subscription.js';
import { defaultBackoff, type BackoffPolicy } from './backoff.js';
import { isNotLeader, toPortError } from './client-errors.js';
import { DurableAllSubscription } from './durable-all-subscription.js';
import { readAllBatchesOf, readAllInBatches } from './read-all-in-batches.js';
import { toRecordedEvent } from './recorded-event.js';
import { withDeadline } from './with-deadline.js';

export interface EsdbEventStoreOptions {
  /** An append not acknowledged within this time fails with `StoreUnavailableError` (default 3 s). */
  readonly appendDeadlineMs?: number;
  /** Deadline of each read call (default 10 s). */
  readonly readDeadlineMs?: number;
  /** Deadline of the readiness probe (default 1 s). */
  readonly pingDeadlineMs?: number;
  /** Delays between resubscriptions and between retries of a failing handler. */
  readonly backoff?: BackoffPolicy;
  readonly logger?: EventStoreLogger;
}

const utf8 = new TextEncoder();
/**
 * An event's metadata as the UTF-8 bytes of its JSON, what the store keeps either way. Given an object, the client
 * would turn its JSON into base64 text for google-protobuf to decode back to bytes, in JavaScript, each time it
 * serialises the message (twice per append: once to measure it); given a `Uint8Array` it sends the bytes as they
 * are. Readers see no difference: the client parses JSON metadata when it reads an event.
 */
const metadataBytes = (metadata: object): Uint8Array => utf8.encode(JSON.stringify(metadata));

// A cluster elects a new leader within seconds; the client reconnects to the leader it is told of.
const NOT_LEADER_ATTEMPTS = 3;
const DEFAULT_READ_BATCH = 500;

/** The port over `@eventstore/db-client`: the only place in the project that talks to the client. */
export class EsdbEventStore extends EventStore {
  private readonly subscriptions = new Set<DurableAllSubscription>();
  private readonly appendDeadlineMs: number;
  private readonly readDeadlineMs: number;
  private readonly pingDeadlineMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly logger: EventStoreLogger;
  private disposed = false;

  private constructor(
    private readonly client: EventStoreDBClient,
    options: EsdbEventStoreOptions,
  ) {
    super();
    this.appendDeadlineMs = options.appendDeadlineMs ?? 3_000;
    this.readDeadlineMs = options.readDeadlineMs ?? 10_000;
    this.pingDeadlineMs = options.pingDeadlineMs ?? 1_000;
    this.backoff = options.backoff ?? defaultBackoff;
    this.logger = options.logger ?? stderrLogger;
  }

  /**
   * Connects lazily: nothing is dialled until the first call, so an unreachable store never blocks
   * start-up. Throws when the connection string cannot be parsed (see `connectionStringProblem`).
   */
  static connect(connectionString: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  async append(
    stream: string,
    events: readonly NewEvent[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendOutcome> {
    const operation = `append to ${stream}`;
    if (events.length === 0) throw new Error(`Nothing to ${operation}: pass at least one event.`);
    const proposed = events.map((event) =>
      jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: metadataBytes(event.metadata ?? {}) }),
    );
    for (let attempt = 1; ; attempt += 1) {
      let result: AppendResult;
      try {
        result = await withDeadline(
          this.client.appendToStream(stream, proposed, {
            expectedRevision: options.expectedRevision,
            deadline: this.appendDeadlineMs,
          }),
          this.appendDeadlineMs,
          operation,
        );
      } catch (error) {
        if (isNotLeader(error) && attempt < NOT_LEADER_ATTEMPTS) continue;
        throw toPortError(error, operation);
      }
      if (!result.position) {
        throw new Error(`The store acknowledged the ${operation} without a $all position; it is not an EventStoreDB.`);
      }
      return { nextExpectedRevision: result.nextExpectedRevision, position: result.position.commit };
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const operation = `read ${stream}`;
    const events: RecordedEvent[] = [];
    const collect = async (): Promise<void> => {
      const read = this.client.readStream(stream, {
        fromRevision: options.fromRevision ?? START,
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
        deadline: this.readDeadlineMs,
      });
      for await (const { event } of read) {
        if (event) events.push(toRecordedEvent(event));
      }
    };
    try {
      await withDeadline(collect(), this.readDeadlineMs, operation);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toPortError(error, operation);
    }
    return events;
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    return readAllInBatches(
      this.client,
      options.fromPosition ?? 'start',
      options.batchSize ?? DEFAULT_READ_BATCH,
      this.readDeadlineMs,
    );
  }

  override readAllBatches(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent[]> {
    return readAllBatchesOf(this.client, options.fromPosition ?? 'start', options.batchSize ?? DEFAULT_READ_BATCH, this.readDeadlineMs);
  }

  subscribeToAll(options: SubscribeToAllOptions): AllSubscription {
    if (this.disposed) throw new Error(`Cannot subscribe "${options.name}": the event store was disposed.`);
    const subscription = new DurableAllSubscription(this.client, options, {
      logger: this.logger,
      backoff: this.backoff,
      // Forgotten once stopped, so that dispose() and readiness only see open subscriptions.
      onStopped: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    const probe = async (): Promise<void> => {
      for await (const _ of this.client.readAll({ maxCount: 1, fromPosition: START, deadline: this.pingDeadlineMs })) {
        // Reading one event (or none, on an empty store) proves the store answers.
      }
    };
    try {
      await withDeadline(probe(), this.pingDeadlineMs, 'ping');
    } catch (error) {
      throw toPortError(error, 'ping');
    }
  }

  subscriptionStatuses(): SubscriptionStatus[] {
    return [...this.subscriptions].map((subscription) => subscription.status());
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }
}

/**
 * Why a connection string would be refused, or undefined when the client accepts it.
 * Lets configuration be validated at start-up without importing the client anywhere else.
 * What the client accepts but only warns about on the console (an unknown option such as a misspelt
 * `nodePreference`, which it ignores; `tlsVerifyCert=false`, which has no effect) is a problem too: its warning
 * spans several lines and prints the whole connection string, password included.
 */
export const connectionStringProblem = (connectionString: string): string | undefined => {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...parts: unknown[]) => void warnings.push(parts.map(String).join(' '));
  try {
    EventStoreDBClient.connectionString(connectionString);
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  } finally {
    console.warn = warn;
  }
  return warnings[0]?.split('\n')[0];
};
