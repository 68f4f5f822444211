import {
  START,
  eventTypeFilter,
  excludeSystemEvents,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type Filter,
  type Position,
} from '@eventstore/db-client';
import type { EventStoreLogger } from '../event-store-logger.js';
import type {
  AllSubscription,
  EventTypeFilter,
  SubscribeToAllOptions,
  SubscriptionState,
  SubscriptionStatus,
} from '../subscription.js';
import { backoffDelay, pause, type BackoffPolicy } from './backoff.js';
import { comparePositions, toClientPosition, toRecordedEvent } from './recorded-event.js';

// Markers pushed into the client's subscription stream so that they reach the loop in order with the
// events: the client emits `caughtUp` as soon as it reads the message, while earlier events may still be
// buffered, unhandled. Caught up means "handled everything before the signal".
const CAUGHT_UP = Symbol('caught-up');
const FELL_BEHIND = Symbol('fell-behind');
type SubscriptionItem = AllStreamResolvedEvent | typeof CAUGHT_UP | typeof FELL_BEHIND;

const toServerFilter = (filter: EventTypeFilter | undefined): Filter =>
  filter === undefined
    ? excludeSystemEvents()
    : 'eventTypePrefixes' in filter
      ? eventTypeFilter({ prefixes: [...filter.eventTypePrefixes] })
      : eventTypeFilter({ regex: filter.eventTypeRegex });

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * A catch-up subscription to `$all` that outlives drops: the client's subscription dies on UNAVAILABLE
 * (or when the store restarts), so this loop resubscribes after the last event its handler finished,
 * with backoff, and skips anything at or before that position, so the handler sees each event once.
 */
export class DurableAllSubscription implements AllSubscription {
  readonly caughtUp: Promise<void>;
  private resolveCaughtUp!: () => void;
  private state: SubscriptionState = 'catching-up';
  private liveOnThisConnection = false;
  private failure: SubscriptionStatus['failure'];
  private lastDelivered: Position | undefined;
  private readonly stopping = new AbortController();
  private current: { unsubscribe(): Promise<void>; destroy(): void } | undefined;
  private readonly running: Promise<void>;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeToAllOptions,
    private readonly context: {
      readonly logger: EventStoreLogger;
      readonly backoff: BackoffPolicy;
      readonly onStopped: () => void;
    },
  ) {
    this.caughtUp = new Promise((resolve) => (this.resolveCaughtUp = resolve));
    this.lastDelivered = options.fromPosition === 'start' ? undefined : toClientPosition(options.fromPosition);
    this.running = this.run();
  }

  get name(): string {
    return this.options.name;
  }

  status(): SubscriptionStatus {
    return {
      name: this.name,
      state: this.state,
      lastDeliveredPosition: this.lastDelivered?.commit,
      ...(this.failure ? { failure: this.failure } : {}),
    };
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    const current = this.current;
    if (current) {
      await current.unsubscribe().catch(() => undefined);
      current.destroy();
    }
    await this.running;
    this.context.onStopped();
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(): Promise<void> {
    let reconnectAttempt = 0;
    while (!this.stopped) {
      let dropReason: string;
      try {
        await this.consumeUntilDropped(() => (reconnectAttempt = 0));
        dropReason = 'the store ended the subscription';
      } catch (error) {
        dropReason = messageOf(error);
      }
      if (this.stopped) break;
      reconnectAttempt += 1;
      this.state = 'reconnecting';
      this.liveOnThisConnection = false;
      this.failure = { message: dropReason, position: this.lastDelivered?.commit, attempts: reconnectAttempt };
      this.context.logger.warn(
        {
          subscription: this.name,
          afterPosition: this.lastDelivered?.commit.toString(),
          attempt: reconnectAttempt,
          reason: dropReason,
        },
        'Subscription to $all dropped; resubscribing after the last delivered event',
      );
      await pause(backoffDelay(reconnectAttempt, this.context.backoff), this.stopping.signal);
    }
    this.state = 'stopped';
    this.failure = undefined;
  }

  private async consumeUntilDropped(onProgress: () => void): Promise<void> {
    const subscription = this.client.subscribeToAll({
      fromPosition: this.lastDelivered ?? START,
      filter: toServerFilter(this.options.filter),
    });
    this.current = subscription;
    subscription.on('caughtUp', () => subscription.push(CAUGHT_UP));
    subscription.on('fellBehind', () => subscription.push(FELL_BEHIND));
    subscription.on('confirmation', () => {
      if (this.state === 'reconnecting') this.clearFailure();
    });
    try {
      for await (const item of subscription as AsyncIterable<SubscriptionItem>) {
        if (this.stopped) return;
        if (item === CAUGHT_UP) {
          this.markLive();
          onProgress();
          continue;
        }
        if (item === FELL_BEHIND) {
          this.liveOnThisConnection = false;
          this.state = 'catching-up';
          continue;
        }
        const event = item.event;
        if (!event) continue;
        onProgress();
        if (this.state === 'reconnecting') this.clearFailure();
        // After a resubscription the store may resend the event we resumed from.
        if (this.lastDelivered && comparePositions(event.position, this.lastDelivered) <= 0) continue;
        if (!(await this.deliver(event))) return;
        this.lastDelivered = event.position;
      }
    } finally {
      this.current = undefined;
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  private markLive(): void {
    this.liveOnThisConnection = true;
    this.state = 'live';
    this.failure = undefined;
    this.resolveCaughtUp();
  }

  private clearFailure(): void {
    this.state = this.liveOnThisConnection ? 'live' : 'catching-up';
    this.failure = undefined;
  }

  /**
   * Hands one event to the handler, retrying it with backoff until it succeeds: never skipped, never
   * reordered. False when the subscription stopped before the handler succeeded.
   */
  private async deliver(event: AllStreamRecordedEvent): Promise<boolean> {
    for (let attempt = 1; !this.stopped; attempt += 1) {
      try {
        await this.options.handler(toRecordedEvent(event));
        if (this.state === 'handler-failing') this.clearFailure();
        return true;
      } catch (error) {
        this.state = 'handler-failing';
        this.failure = { message: messageOf(error), position: event.position.commit, attempts: attempt };
        this.context.logger.error(
          {
            subscription: this.name,
            position: event.position.commit.toString(),
            stream: event.streamId,
            revision: event.revision.toString(),
            eventType: event.type,
            attempt,
            err: error,
          },
          'Subscription handler failed; retrying the same event',
        );
        await pause(backoffDelay(attempt, this.context.backoff), this.stopping.signal);
      }
    }
    return false;
  }
}
