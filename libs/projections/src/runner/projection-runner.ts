import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PositionWaiters, stderrLogger, type AllSubscription, type EventStore, type EventStoreLogger, type RecordedEvent } from '@ledger/event-store';
import { applyRecordedEvent } from '../folds/apply-ledger-event.js';
import { openReadModelDatabase, openReadModelReader, readCheckpoint, type ReadModelDatabase } from '../sqlite/read-model-database.js';
import { SqliteReadModelReader } from '../sqlite/sqlite-read-model-reader.js';
import { SqliteReadModelWriter } from '../sqlite/sqlite-read-model-writer.js';
import type { QueryStore } from '../store/read-model-store.js';
import { ledgerEventFilter } from './ledger-event-filter.js';
import type { ProjectionStatus } from './projection-status.js';

export interface ProjectionRunnerOptions {
  readonly eventStore: EventStore;
  /** The SQLite file of the read models, e.g. `<LEDGER_DATA_DIR>/read-models.sqlite`. */
  readonly databasePath: string;
  /** Names the subscription in logs and readiness. */
  readonly name?: string;
  /** Events folded before a commit is forced while catching up (live, each burst is committed at once). */
  readonly maxBatchEvents?: number;
  readonly logger?: EventStoreLogger;
}

/** While catching up, the longest folded events wait for their commit. */
const CATCH_UP_COMMIT_MS = 200;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Keeps the read models of one service instance: one durable subscription to `$all` (server-side filter
 * on the ledger's event types) from the committed checkpoint, every event folded by `applyRecordedEvent`,
 * and the documents committed with their checkpoint in one SQLite transaction. Each instance runs its own
 * on its own file; nothing is shared but the event store.
 */
export class ProjectionRunner {
  readonly name: string;
  private readonly writerDb: ReadModelDatabase;
  private readonly writer: SqliteReadModelWriter;
  private readonly readerStore: SqliteReadModelReader;
  private readonly waiters = new PositionWaiters();
  private readonly maxBatchEvents: number;
  private readonly logger: EventStoreLogger;
  private subscription: AllSubscription | undefined;
  private committed: { position: bigint; events: number; createdAt: Date | undefined } | undefined;
  private uncommitted: RecordedEvent[] = [];
  private flushScheduled: NodeJS.Immediate | undefined;
  private batchDeadline: NodeJS.Timeout | undefined;
  private caughtUpOnce = false;
  private readonly caughtUpSignal: Promise<void>;
  private signalCaughtUp!: () => void;
  private restarting: Promise<void> | undefined;
  private commitFailure: string | undefined;
  private stopped = false;

  private constructor(private readonly options: ProjectionRunnerOptions) {
    this.name = options.name ?? 'projections';
    this.caughtUpSignal = new Promise((resolve) => (this.signalCaughtUp = resolve));
    this.maxBatchEvents = options.maxBatchEvents ?? 5_000;
    this.logger = options.logger ?? stderrLogger;
    mkdirSync(dirname(options.databasePath), { recursive: true });
    this.writerDb = openReadModelDatabase(options.databasePath);
    this.writer = new SqliteReadModelWriter(this.writerDb);
    this.readerStore = new SqliteReadModelReader(openReadModelReader(options.databasePath));
    const checkpoint = readCheckpoint(this.writerDb);
    this.committed = checkpoint === undefined ? undefined : { ...checkpoint, createdAt: undefined };
  }

  /** Opens (or creates) the read-model database; call `start()` to begin following the ledger. */
  static open(options: ProjectionRunnerOptions): ProjectionRunner {
    return new ProjectionRunner(options);
  }

  /** Queries read the last committed read models through this. */
  get reader(): QueryStore {
    return this.readerStore;
  }

  get committedPosition(): bigint | undefined {
    return this.committed?.position;
  }

  /** Subscribes after the committed checkpoint (from the first event on a new database). */
  start(): void {
    if (this.subscription !== undefined || this.stopped) return;
    const subscription = this.options.eventStore.subscribeToAll({
      name: this.name,
      fromPosition: this.committed?.position ?? 'start',
      filter: ledgerEventFilter(),
      handler: (event) => this.handle(event),
    });
    this.subscription = subscription;
    subscription.caughtUp.then(
      () => {
        if (this.subscription !== subscription) return;
        this.flush();
        if (this.uncommitted.length > 0) return;
        this.caughtUpOnce = true;
        this.signalCaughtUp();
      },
      () => undefined,
    );
  }

  /** Resolves true once every event in the store at start is committed, false after `timeoutMs`. */
  async whenCaughtUp(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([this.caughtUpSignal.then(() => true), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves true once the committed read models include the event at `position`; false after `timeoutMs`. */
  async waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.committed !== undefined && this.committed.position >= position) return true;
    if (this.stopped) return false;
    return this.waiters.wait(position, timeoutMs);
  }

  status(): ProjectionStatus {
    const subscription = this.subscription?.status();
    const live = subscription?.state === 'live' && this.uncommitted.length === 0;
    const lastCreated = this.committed?.createdAt;
    return {
      caughtUp: this.caughtUpOnce,
      subscription: subscription?.state ?? 'not-started',
      committedPosition: this.committed?.position,
      committedEvents: this.committed?.events ?? 0,
      uncommittedEvents: this.uncommitted.length,
      lagMs: live || lastCreated === undefined ? 0 : Math.max(0, Date.now() - lastCreated.getTime()),
      ...(this.commitFailure === undefined
        ? subscription?.failure === undefined
          ? {}
          : { failure: subscription.failure.message }
        : { failure: this.commitFailure }),
    };
  }

  /** Stops the subscription, commits what was folded, answers every waiter and closes the database. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.subscription?.stop();
    await this.restarting;
    this.flush();
    this.waiters.cancelAll();
    this.readerStore.close();
    this.writerDb.close();
  }

  private handle(event: RecordedEvent): void {
    if (this.restarting !== undefined || this.stopped) return;
    this.writer.beginEvent();
    try {
      applyRecordedEvent(this.writer, event);
    } catch (error) {
      // Nothing of this event was written; the subscription retries it (and readiness shows the failure).
      this.writer.abandonEvent();
      throw error;
    }
    this.writer.endEvent();
    this.uncommitted.push(event);
    if (this.uncommitted.length >= this.maxBatchEvents) this.flush();
    // Live: commit each burst at once (events already buffered are folded before the immediate runs), so a
    // write is visible within a turn of the loop. Catching up: commit in large batches, at least every
    // CATCH_UP_COMMIT_MS, rather than once per network read.
    else if (this.subscription?.status().state === 'live') this.flushScheduled ??= setImmediate(() => this.flush());
    else this.batchDeadline ??= setTimeout(() => this.flush(), CATCH_UP_COMMIT_MS);
  }

  private flush(): void {
    if (this.flushScheduled !== undefined) clearImmediate(this.flushScheduled);
    if (this.batchDeadline !== undefined) clearTimeout(this.batchDeadline);
    this.flushScheduled = undefined;
    this.batchDeadline = undefined;
    const last = this.uncommitted.at(-1);
    if (last === undefined || this.restarting !== undefined) return;
    const events = (this.committed?.events ?? 0) + this.uncommitted.length;
    try {
      this.readerStore.forget(this.writer.commit(last.position, events));
    } catch (error) {
      this.commitFailure = `committing the read models failed: ${messageOf(error)}`;
      this.logger.error({ subscription: this.name, position: last.position.toString(), err: error }, this.commitFailure);
      this.restartFromCheckpoint();
      return;
    }
    this.commitFailure = undefined;
    this.committed = { position: last.position, events, createdAt: last.createdAt };
    this.uncommitted = [];
    this.waiters.reached(last.position);
  }

  /**
   * After a failed commit the subscription has moved past events that are not in the database: drop
   * them and subscribe again from the checkpoint, so none is skipped and none counted twice.
   */
  private restartFromCheckpoint(): void {
    if (this.restarting !== undefined) return;
    const previous = this.subscription;
    this.restarting = (async () => {
      // Not awaited inside the handler: stop() waits for the handler in progress to return.
      await new Promise((resolve) => setImmediate(resolve));
      await previous?.stop();
      this.writer.discard();
      this.uncommitted = [];
      this.subscription = undefined;
      this.restarting = undefined;
      if (!this.stopped) {
        await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
        this.start();
      }
    })();
  }
}
