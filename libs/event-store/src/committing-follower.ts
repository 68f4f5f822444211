import type { EventStore } from './event-store.js';
import type { EventStoreLogger } from './event-store-logger.js';
import type { RecordedEvent } from './events.js';
import { PositionWaiters } from './position-waiters.js';
import type { AllSubscription, EventTypeFilter, SubscriptionStatus } from './subscription.js';

/** What a follower of `$all` keeps: a store of its own (read models, an index) with the position it has committed. */
export interface BatchStore {
  /** The position of the last event committed, where following resumes (undefined: from the first event). */
  readonly committedPosition: bigint | undefined;
  /** Folds one event into the open batch. A throw must leave the batch as it was: the same event is handed again. */
  add(event: RecordedEvent): void;
  /** Commits the open batch, all or nothing; `events` are the events added since the last commit, in order. */
  commit(events: readonly RecordedEvent[]): void;
  /** Drops the open batch, after a failed commit. */
  discard(): void;
}

export interface CommittingFollowerOptions {
  readonly eventStore: EventStore;
  /** Names the subscription in logs and readiness. */
  readonly name: string;
  readonly store: BatchStore;
  /** Server-side filter on event types (default: every non-system event). */
  readonly filter?: EventTypeFilter;
  readonly logger: EventStoreLogger;
  /** Events folded before a commit is forced (default 5,000). */
  readonly maxBatchEvents?: number;
  /** While catching up, the longest a folded event waits for its commit (default 200 ms). */
  readonly catchUpCommitMs?: number;
  /**
   * Live, the shortest time between two commits (default 2 ms): a burst after a quiet spell is committed at the next
   * turn of the loop; under a steady stream of writes, the events of that interval share one commit.
   */
  readonly liveCommitIntervalMs?: number;
  /** How long after a failed commit following starts again from the committed position (default 1 s). */
  readonly restartDelayMs?: number;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Follows `$all` into a `BatchStore`, one durable subscription from the store's committed position, so a
 * restart resumes where the last commit left off and a crash never counts an event twice or skips one.
 * Live, a burst of events is committed at the next turn of the loop (a write is visible within a turn), or, when
 * the last commit is less than `liveCommitIntervalMs` old, once that interval has passed: under load, commits
 * (a SQLite transaction and its WAL writes each) are shared by more events, at the cost of at most that much
 * visibility. Catching up, in large batches, at least every `catchUpCommitMs`; always within `maxBatchEvents`.
 * When a commit fails, the subscription has moved past events that are not in the store: the batch is dropped
 * and following starts again after the committed position, so none is skipped and none counted twice.
 * Used by the read models' runner and the audit index: one mechanism, two stores.
 */
export class CommittingFollower {
  private readonly waiters = new PositionWaiters();
  private readonly maxBatchEvents: number;
  private readonly catchUpCommitMs: number;
  private readonly restartDelayMs: number;
  private readonly liveCommitIntervalMs: number;
  /** `performance.now()` of the last commit. */
  private lastCommitAt = Number.NEGATIVE_INFINITY;
  private subscription: AllSubscription | undefined;
  private uncommitted: RecordedEvent[] = [];
  private flushScheduled: NodeJS.Immediate | undefined;
  private batchDeadline: NodeJS.Timeout | undefined;
  private restarting: Promise<void> | undefined;
  private failure: string | undefined;
  private wakeRestart: (() => void) | undefined;
  private caughtUpOnce = false;
  private readonly caughtUpSignal: Promise<void>;
  private signalCaughtUp!: () => void;
  private stopped = false;

  constructor(private readonly options: CommittingFollowerOptions) {
    this.maxBatchEvents = options.maxBatchEvents ?? 5_000;
    this.catchUpCommitMs = options.catchUpCommitMs ?? 200;
    this.restartDelayMs = options.restartDelayMs ?? 1_000;
    this.liveCommitIntervalMs = options.liveCommitIntervalMs ?? 2;
    this.caughtUpSignal = new Promise((resolve) => (this.signalCaughtUp = resolve));
  }

  /** Subscribes after the store's committed position. */
  start(): void {
    if (this.subscription !== undefined || this.stopped) return;
    const subscription = this.options.eventStore.subscribeToAll({
      name: this.options.name,
      fromPosition: this.options.store.committedPosition ?? 'start',
      ...(this.options.filter === undefined ? {} : { filter: this.options.filter }),
      handler: (event) => this.handle(event),
    });
    this.subscription = subscription;
    subscription.caughtUp.then(
      () => {
        if (this.subscription !== subscription) return;
        this.flush();
        if (this.uncommitted.length > 0 || this.restarting !== undefined) return;
        this.caughtUpOnce = true;
        this.signalCaughtUp();
      },
      () => undefined,
    );
  }

  /** True once every event in the store when following began has been committed. */
  get caughtUp(): boolean {
    return this.caughtUpOnce;
  }

  /** Resolves true once caught up, false after `timeoutMs`. */
  async whenCaughtUp(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([this.caughtUpSignal.then(() => true), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves true once the store's commits include the event at `position`; false after `timeoutMs`. */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    const committed = this.options.store.committedPosition;
    if (committed !== undefined && committed >= position) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    return this.waiters.wait(position, timeoutMs);
  }

  /** Events folded but not committed yet. */
  get uncommittedEvents(): number {
    return this.uncommitted.length;
  }

  /** The subscription's state, undefined before `start()`. */
  subscriptionStatus(): SubscriptionStatus | undefined {
    return this.subscription?.status();
  }

  /** Why the last commit failed, until a commit succeeds. */
  get commitFailure(): string | undefined {
    return this.failure;
  }

  /** Stops the subscription, commits what was folded and answers every waiter (false). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.wakeRestart?.();
    await this.subscription?.stop();
    await this.restarting;
    this.flush();
    this.waiters.cancelAll();
  }

  private handle(event: RecordedEvent): void {
    if (this.restarting !== undefined || this.stopped) return;
    this.options.store.add(event);
    this.uncommitted.push(event);
    if (this.uncommitted.length >= this.maxBatchEvents) this.flush();
    else if (this.subscription?.status().state === 'live') this.scheduleLiveCommit();
    else this.batchDeadline ??= setTimeout(() => this.flush(), this.catchUpCommitMs);
  }

  private scheduleLiveCommit(): void {
    if (this.flushScheduled !== undefined || this.batchDeadline !== undefined) return;
    const wait = this.lastCommitAt + this.liveCommitIntervalMs - performance.now();
    // Events already buffered by the client are folded before the immediate runs: one commit per burst.
    if (wait <= 0) this.flushScheduled = setImmediate(() => this.flush());
    else this.batchDeadline = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    if (this.flushScheduled !== undefined) clearImmediate(this.flushScheduled);
    if (this.batchDeadline !== undefined) clearTimeout(this.batchDeadline);
    this.flushScheduled = undefined;
    this.batchDeadline = undefined;
    const events = this.uncommitted;
    const last = events.at(-1);
    if (last === undefined || this.restarting !== undefined) return;
    try {
      this.options.store.commit(events);
    } catch (error) {
      this.failure = `committing ${events.length} events of ${this.options.name} failed: ${messageOf(error)}`;
      this.options.logger.error(
        { subscription: this.options.name, fromPosition: events[0]!.position.toString(), events: events.length, err: error },
        `${this.failure}; following again after the committed position`,
      );
      this.restart();
      return;
    }
    this.failure = undefined;
    this.lastCommitAt = performance.now();
    this.uncommitted = [];
    this.waiters.reached(last.position);
  }

  private restart(): void {
    const previous = this.subscription;
    this.restarting = (async () => {
      // Not awaited inside the handler: stop() waits for the handler in progress to return.
      await new Promise((resolve) => setImmediate(resolve));
      await previous?.stop();
      this.options.store.discard();
      this.uncommitted = [];
      this.subscription = undefined;
      if (!this.stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.restartDelayMs);
          this.wakeRestart = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeRestart = undefined;
      }
      this.restarting = undefined;
      if (!this.stopped) this.start();
    })();
  }
}
